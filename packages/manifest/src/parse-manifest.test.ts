import { describe, expect, it } from 'vitest';
import { DEFAULT_VERSIONS_ERROR } from './default-versions.ts';
import { parseManifest } from './parse-manifest.ts';
import { stringifyManifest } from './manifest-yaml.ts';

const SHA = '408ef629ae906ab6d7a4e644f644d7683300a74a843a8104cbdf9187a846aa29';

const GO = `language: go
default_versions:
- name: go
  version: 1.23.x
dependencies:
- name: go
  version: 1.23.4
  uri: https://buildpacks.cloudfoundry.org/dependencies/go/go_1.23.4_linux_x64_cflinuxfs4_408ef629.tgz
  sha256: ${SHA}
  cf_stacks:
  - cflinuxfs4
  source: https://dl.google.com/go/go1.23.4.src.tar.gz
  source_sha256: 7b4e5b079b3c9bc420373ca68621a296b4d13c10735d4acac4171928d70f5480
- name: godep
  version: 80
  uri: https://example.com/godep.tgz
  sha256: ${SHA}
  cf_stacks: [cflinuxfs4]
- name: python
  version: 1.10
  uri: https://example.com/python.tgz
  sha256: ${SHA}
  cf_stacks: [cflinuxfs4]
dependency_deprecation_dates:
- name: go
  version_line: 1.23.x
  date: 2026-03-31
  link: https://go.dev/doc/devel/release
include_files:
- VERSION
- bin/detect
pre_package: scripts/build.sh
packaging_profiles:
  minimal:
    description: no extras
    exclude: [godep]
url_to_dependency_map: []
`;

describe('parseManifest', () => {
  it('reads a go-buildpack style manifest, keeping versions as written', () => {
    const m = parseManifest(GO);
    expect(m.language).toBe('go');
    expect(m.default_versions).toEqual([{ name: 'go', version: '1.23.x' }]);
    expect(m.dependencies.map((d) => d.version)).toEqual(['1.23.4', '80', '1.10']);
    expect(m.dependencies[0]!.cf_stacks).toEqual(['cflinuxfs4']);
    expect(m.dependencies[0]!.source_sha256).toMatch(/^7b4e/);
    expect(m.dependency_deprecation_dates[0]).toEqual({
      name: 'go',
      version_line: '1.23.x',
      date: '2026-03-31',
      link: 'https://go.dev/doc/devel/release',
    });
    expect(m.include_files).toEqual(['VERSION', 'bin/detect']);
    expect(m.pre_package).toBe('scripts/build.sh');
    expect(m.packaging_profiles).toEqual({ minimal: { description: 'no extras', exclude: ['godep'] } });
  });

  it('accepts the binary buildpack manifest', () => {
    const m = parseManifest('language: binary\ndefault_versions: []\ndependencies: []\n');
    expect(m.dependencies).toEqual([]);
    expect(m.dependency_deprecation_dates).toEqual([]);
  });

  it('names the file and the entry in every error, reporting all of them', () => {
    const text = GO.replace(`  sha256: ${SHA}\n  cf_stacks: [cflinuxfs4]\n- name: python`, '  cf_stacks: [cflinuxfs4]\n- name: python').replace(
      'language: go\n',
      '',
    );
    expect(() => parseManifest(text, { file: 'manifest.yml' })).toThrow(
      'manifest.yml: language: missing language\nmanifest.yml: dependencies[1] (godep 80): missing sha256',
    );
  });

  it('rejects malformed sha256 values and non-list sections', () => {
    expect(() => parseManifest(`language: x\ndependencies:\n- {name: a, version: 1.0.0, uri: http://h/a.tgz, sha256: abc}\n`, { file: 'bp/manifest.yml' })).toThrow(
      'bp/manifest.yml: dependencies[0] (a 1.0.0): sha256 must be 64 hex characters, got "abc"',
    );
    expect(() => parseManifest('language: x\ndependencies: nope\n')).toThrow('manifest.yml: dependencies: must be a list');
    expect(() => parseManifest('- a\n')).toThrow('manifest.yml: must be a YAML mapping');
    expect(() => parseManifest('a: [\n')).toThrow(/manifest.yml: invalid YAML/);
  });

  it('seed rule 1: at most one default_versions entry per dependency', () => {
    const text = GO.replace('- name: go\n  version: 1.23.x\n', '- name: go\n  version: 1.23.x\n- name: go\n  version: 1.23.4\n');
    expect(() => parseManifest(text)).toThrow(
      `manifest.yml: default_versions[1] (go 1.23.4): more than one default version for go (first at default_versions[0])\n${DEFAULT_VERSIONS_ERROR}`,
    );
  });

  it('seed rule 2: each default matches a version under dependencies', () => {
    const text = GO.replace('  version: 1.23.x\n', '  version: 1.6.3\n');
    expect(() => parseManifest(text)).toThrow(
      `manifest.yml: default_versions[0] (go 1.6.3): go no match found for 1.6.3 in [1.23.4]\n${DEFAULT_VERSIONS_ERROR}`,
    );
  });

  it('round-trips through stringifyManifest with sorted keys and quoted string versions', () => {
    const m = parseManifest(GO);
    const text = stringifyManifest(m);
    expect(text.startsWith('default_versions:\n- name: go\n  version: 1.23.x\ndependencies:\n- cf_stacks:\n  - cflinuxfs4\n  name: go\n')).toBe(true);
    expect(text).toContain("version: '80'");
    expect(text).toContain("version: '1.10'");
    expect(parseManifest(text)).toEqual(m);
  });
});
