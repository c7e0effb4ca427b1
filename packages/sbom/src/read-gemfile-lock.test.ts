import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readGemfileLock } from './read-gemfile-lock.ts';

const RACK_SHA256 = 'a4aa7c0a4e43ffb9a6e0c2cd8a1d5c3e8f39ba8bdb6d7e9fd1f1a0d2a2c6b7e1';
const NOKOGIRI_SHA256 = '6e1a0fa5ac2b4e3c0a8c5b8f0e2d7c9a1b3d5f7e9a0c2e4b6d8f0a1c3e5b7d9f';

const GEMFILE_LOCK = `GIT
  remote: https://github.com/heartcombo/devise.git
  revision: 2c7a4b2e7c8d4f0a9b1e3d5f7a9c1e3b5d7f9a1c
  branch: main
  specs:
    devise (4.9.3)
      bcrypt (~> 3.0)
      orm_adapter (~> 0.1)
      railties (>= 4.1.0)

PATH
  remote: engines/billing
  specs:
    billing (0.1.0)
      rack (>= 2.0)

GEM
  remote: https://rubygems.org/
  specs:
    bcrypt (3.1.20)
    nokogiri (1.16.2-x86_64-linux)
      racc (~> 1.4)
    nokogiri (1.16.2-arm64-darwin)
      racc (~> 1.4)
    orm_adapter (0.5.0)
    racc (1.7.3)
    rack (3.0.9.1)
    railties (7.1.3.2)
      rack (>= 2.2.4)
      thor (~> 1.0, >= 1.2.2)
    thor (1.3.1)

PLATFORMS
  arm64-darwin
  x86_64-linux

DEPENDENCIES
  billing!
  devise!
  nokogiri (~> 1.16)
  rack

CHECKSUMS
  bcrypt (3.1.20)
  nokogiri (1.16.2-x86_64-linux) sha256=${NOKOGIRI_SHA256}
  rack (3.0.9.1) sha256=${RACK_SHA256}

RUBY VERSION
   ruby 3.3.0p0

BUNDLED WITH
   2.5.6
`;

describe('Gemfile.lock', () => {
  let app: string;
  beforeEach(async () => {
    app = await mkdtemp(join(tmpdir(), 'bpkit-sbom-gem-'));
  });
  afterEach(() => rm(app, { recursive: true, force: true }));

  it('lists the specs of the GIT, PATH and GEM sections, not their requirements or other sections', async () => {
    await writeFile(join(app, 'Gemfile.lock'), GEMFILE_LOCK);
    const gems = await readGemfileLock(app);
    expect(gems.map((g) => `${g.name} ${g.version}`)).toEqual([
      'devise 4.9.3',
      'billing 0.1.0',
      'bcrypt 3.1.20',
      'nokogiri 1.16.2-x86_64-linux',
      'nokogiri 1.16.2-arm64-darwin',
      'orm_adapter 0.5.0',
      'racc 1.7.3',
      'rack 3.0.9.1',
      'railties 7.1.3.2',
      'thor 1.3.1',
    ]);
    expect(gems.every((g) => g.ecosystem === 'gem' && g.lockfile === 'Gemfile.lock')).toBe(true);
  });

  it('takes sha256 from CHECKSUMS, platform gems by their full version', async () => {
    await writeFile(join(app, 'Gemfile.lock'), GEMFILE_LOCK);
    const gems = new Map((await readGemfileLock(app)).map((g) => [`${g.name} ${g.version}`, g]));
    expect(gems.get('rack 3.0.9.1')?.integrity).toBe(`sha256=${RACK_SHA256}`);
    expect(gems.get('nokogiri 1.16.2-x86_64-linux')?.integrity).toBe(`sha256=${NOKOGIRI_SHA256}`);
    expect(gems.get('nokogiri 1.16.2-arm64-darwin')?.integrity).toBeUndefined();
    expect(gems.get('bcrypt 3.1.20')).toEqual({ ecosystem: 'gem', name: 'bcrypt', version: '3.1.20', lockfile: 'Gemfile.lock' });
  });

  it('reads gems.locked, the lockfile of a gems.rb', async () => {
    await writeFile(join(app, 'gems.locked'), 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rake (13.1.0)\n\nBUNDLED WITH\n   2.5.6\n');
    expect(await readGemfileLock(app)).toEqual([{ ecosystem: 'gem', name: 'rake', version: '13.1.0', lockfile: 'gems.locked' }]);
  });

  it('reads CRLF line endings', async () => {
    await writeFile(join(app, 'Gemfile.lock'), GEMFILE_LOCK.replaceAll('\n', '\r\n'));
    expect(await readGemfileLock(app)).toHaveLength(10);
  });
});
