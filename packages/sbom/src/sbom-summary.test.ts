import { describe, expect, it } from 'vitest';
import { sbomSummary } from './index.ts';
import { sampleSbomInput } from './sample-sbom-input.ts';

describe('sbomSummary', () => {
  it('a line per install, by droplet path, then a count per lockfile', () => {
    expect(sbomSummary(sampleSbomInput())).toEqual([
      'dep 0.5.4 (installed by go_buildpack at deps/0/dep)',
      'go 1.22.3 (sha256 0b3d6ff6…, installed by go_buildpack at deps/0/go1.22.3 (used to build, not in the droplet))',
      'node 20.13.1 (sha256 c1a2b3d4…, installed by nodejs_buildpack at deps/1/node)',
      '1 gem from Gemfile.lock',
      '2 Go modules from go.mod',
      '2 npm packages from package-lock.json',
      '1 Go module from vendor/modules.txt',
      '1 npm package from yarn.lock',
    ]);
  });

  it('counts a package a lockfile names twice once', () => {
    const input = sampleSbomInput();
    const gem = { ecosystem: 'gem' as const, name: 'rack', version: '3.0.9.1', lockfile: 'Gemfile.lock' };
    expect(sbomSummary({ ...input, installed: [], app: [gem, gem, { ...gem, version: '3.0.10' }] })).toEqual(['2 gems from Gemfile.lock']);
  });

  it('says so when no lockfile named a package', () => {
    expect(sbomSummary({ ...sampleSbomInput(), installed: [], app: [] })).toEqual(['no app packages read from lockfiles']);
  });
});
