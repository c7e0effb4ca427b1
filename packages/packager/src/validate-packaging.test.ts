import { parseManifest } from '@bpkit/manifest';
import { describe, expect, it } from 'vitest';
import { validatePackaging } from './validate-packaging.ts';

const manifest = (extra = '') =>
  parseManifest(`language: ruby
default_versions:
- name: ruby
  version: 1.2.x
dependencies:
- name: ruby
  version: 1.2.3
  uri: https://example.invalid/ruby-1.2.3-fs2.tgz
  sha256: ${'a'.repeat(64)}
  cf_stacks: [cflinuxfs2]
- name: bundler
  version: 2.0.0
  uri: https://example.invalid/bundler.tgz
  sha256: ${'b'.repeat(64)}
  cf_stacks: [cflinuxfs2, cflinuxfs3]
${extra}`);

describe('validatePackaging', () => {
  it('accepts any stack and a stack the dependencies list', () => {
    expect(() => validatePackaging(manifest(), undefined)).not.toThrow();
    expect(() => validatePackaging(manifest(), 'cflinuxfs2')).not.toThrow();
  });

  it('refuses a manifest that was already packaged for a stack', () => {
    expect(() => validatePackaging(manifest('stack: cflinuxfs2'), undefined)).toThrow(/^Cannot package from already packaged buildpack manifest$/);
  });

  it('refuses a stack no dependency lists', () => {
    expect(() => validatePackaging(manifest(), 'nonexistent-stack')).toThrow(/^Stack `nonexistent-stack` not found in manifest$/);
  });

  it('refuses a stack without a dependency matching a default version', () => {
    expect(() => validatePackaging(manifest(), 'cflinuxfs3')).toThrow(/^No matching default dependency `ruby` for stack `cflinuxfs3`$/);
  });

  it('allows any stack when there are no dependencies', () => {
    expect(() => validatePackaging(parseManifest('language: x\ndependencies: []\n'), 'cflinuxfs2')).not.toThrow();
  });
});
