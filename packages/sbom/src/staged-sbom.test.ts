import { describe, expect, it } from 'vitest';
import { installedDependencies, parseInstallRecords } from './staged-sbom.ts';

describe('install records to SBOM entries', () => {
  it('skips texts that are not records, and marks what the droplet does not hold as used to build', () => {
    const records = parseInstallRecords([
      '{"name":"go","version":"1.22.5","buildpack":"go","path":"deps/0/go1.22.5","sha256":"ab"}',
      '{"name":"node","version":"22.19.0","buildpack":"nodejs","path":"deps/1/node"}',
      'not json',
      '{"name":"half"}',
      'null',
    ]);
    expect(records.map((r) => r.name)).toEqual(['go', 'node']);
    expect(installedDependencies(records, (path) => path === 'deps/1/node')).toEqual([
      { name: 'go', version: '1.22.5', buildpack: 'go', path: 'deps/0/go1.22.5 (used to build, not in the droplet)', sha256: 'ab' },
      { name: 'node', version: '22.19.0', buildpack: 'nodejs', path: 'deps/1/node' },
    ]);
  });
});
