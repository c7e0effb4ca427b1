import { parseManifest, stringifyManifest } from '@bpkit/manifest';
import { describe, expect, it } from 'vitest';
import { dependenciesForStack, rewriteManifest } from './packaged-manifest.ts';

const sha = (c: string) => c.repeat(64);
const manifest = parseManifest(`language: go
default_versions:
- name: go
  version: 1.x
dependencies:
- name: go
  version: 1.22.5
  uri: https://example.invalid/go-fs4.tgz
  sha256: ${sha('a')}
  cf_stacks: [cflinuxfs4]
- name: go
  version: '1.10'
  uri: https://example.invalid/go-fs5.tgz
  sha256: ${sha('b')}
  cf_stacks: [cflinuxfs5]
- name: dep
  version: '80'
  uri: https://example.invalid/dep.tgz
  sha256: ${sha('c')}
  cf_stacks: [cflinuxfs4, cflinuxfs5]
  file: dependencies/old/dep.tgz
- name: nostack
  version: 1.0.0
  uri: https://example.invalid/nostack.tgz
  sha256: ${sha('d')}
`);

describe('rewriteManifest', () => {
  it('keeps every stack\'s entries (and drops a stale file:) for an uncached any-stack zip', () => {
    const out = rewriteManifest(manifest);
    expect(out.stack).toBeUndefined();
    expect(out.dependencies.map((d) => `${d.name} ${d.version}`)).toEqual(['go 1.22.5', 'go 1.10', 'dep 80']);
    expect(out.dependencies.every((d) => d.file === undefined && d.cf_stacks !== undefined)).toBe(true);
  });

  it('sets stack:, drops cf_stacks and other stacks\' entries for a stack zip', () => {
    const out = rewriteManifest(manifest, { stack: 'cflinuxfs4' });
    expect(out.stack).toBe('cflinuxfs4');
    expect(out.dependencies.map((d) => `${d.name} ${d.version}`)).toEqual(['go 1.22.5', 'dep 80']);
    expect(out.dependencies.some((d) => 'cf_stacks' in d)).toBe(false);
    expect(manifest.dependencies[0]?.cf_stacks).toEqual(['cflinuxfs4']);
  });

  it('points vendored entries at their file: and writes sorted keys with versions kept as strings', () => {
    const out = rewriteManifest(manifest, { stack: 'cflinuxfs5', fileFor: (d) => `dependencies/x/${d.name}.tgz` });
    expect(out.dependencies.map((d) => d.file)).toEqual(['dependencies/x/go.tgz', 'dependencies/x/dep.tgz']);
    const text = stringifyManifest(out);
    expect(text).toContain("version: '1.10'");
    expect(text).toContain("version: '80'");
    const keys = text.split('\n').filter((l) => /^[a-z_]+:/.test(l)).map((l) => l.split(':')[0]);
    expect(keys).toEqual([...keys].sort());
    expect(parseManifest(text).stack).toBe('cflinuxfs5');
  });

  it('selects entries as libbuildpack does: by cf_stacks, so one without cf_stacks never ships', () => {
    expect(dependenciesForStack(manifest, undefined).map((d) => d.name)).not.toContain('nostack');
    expect(dependenciesForStack(manifest, 'cflinuxfs5').map((d) => d.uri)).toEqual(['https://example.invalid/go-fs5.tgz', 'https://example.invalid/dep.tgz']);
  });
});
