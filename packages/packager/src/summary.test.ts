import { parseManifest } from '@bpkit/manifest';
import { describe, expect, it } from 'vitest';
import { packagingSummary } from './summary.ts';

const entry = (name: string, version: string, stack: string, extra = '') =>
  `- name: ${name}\n  version: ${version}\n  uri: https://example.invalid/${name}-${version}-${stack}.tgz\n  sha256: ${'a'.repeat(64)}\n  cf_stacks: [${stack}]\n${extra}`;

describe('packagingSummary', () => {
  it('renders libbuildpack\'s tables (its "good" fixture)', () => {
    const m = parseManifest(
      `language: ruby\ndefault_versions:\n- name: ruby\n  version: 1.2.3\ndependencies:\n${entry('ruby', '1.2.3', 'cflinuxfs3')}${entry('ruby', '1.2.3', 'cflinuxfs2')}`,
    );
    expect(packagingSummary(m)).toBe(`
Packaged binaries:

| name | version | cf_stacks |
|-|-|-|
| ruby | 1.2.3 | cflinuxfs3 |
| ruby | 1.2.3 | cflinuxfs2 |

Default binary versions:

| name | version |
|-|-|
| ruby | 1.2.3 |
`);
  });

  it('adds a modules column when any entry has sub-dependencies, sorted by name then semver', () => {
    const subs = '  dependencies:\n  - name: zlib\n  - name: gearman\n  - name: geoip\n';
    const m = parseManifest(`language: php\ndependencies:\n${entry('php', '1.6.1', 'cflinuxfs2', subs)}${entry('nginx', '1.10.3', 'cflinuxfs2')}${entry('nginx', '1.7.3', 'cflinuxfs2')}`);
    expect(packagingSummary(m)).toBe(`
Packaged binaries:

| name | version | cf_stacks | modules |
|-|-|-|-|
| nginx | 1.7.3 | cflinuxfs2 |  |
| nginx | 1.10.3 | cflinuxfs2 |  |
| php | 1.6.1 | cflinuxfs2 | gearman, geoip, zlib |
`);
  });

  it('is empty without dependencies or defaults', () => {
    expect(packagingSummary(parseManifest('language: binary\ndependencies: []\n'))).toBe('');
  });
});
