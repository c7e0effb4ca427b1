import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest } from '@bpkit/manifest';
import { describe, expect, it } from 'vitest';
import { packageBuildpack } from './package-buildpack.ts';
import { captureLogger, readZip, tempDir, writeTree } from './test-support.ts';

const BUILDPACKS = join(import.meta.dirname, '..', '..', '..', 'buildpacks');

/** The repository's own manifest.yml in a buildpack directory with every file its include_files names. */
async function buildpackWithCommittedManifest(pkg: string): Promise<string> {
  const dir = await tempDir();
  await writeTree(dir, {
    'bin/detect': '#!/bin/sh\nexit 1\n',
    'bin/supply': '#!/bin/sh\n',
    'bin/finalize': '#!/bin/sh\n',
    'bin/release': '#!/bin/sh\n',
    'bin/compile': '#!/bin/sh\n',
    'lib/bootstrap.sh': '# bootstrap\n',
    'lib/supply.cjs': '',
    'lib/finalize.cjs': '',
    'lib/compile.cjs': '',
    'lib/node-runtime': '# rewritten by the packager\n',
    'README.md': 'readme\n',
    VERSION: '1.2.3\n',
    'manifest.yml': await readFile(join(BUILDPACKS, pkg, 'manifest.yml'), 'utf8'),
  });
  return dir;
}

describe('the committed manifests, packaged for cflinuxfs5', () => {
  it.each([
    ['binary', 'binary_buildpack-cflinuxfs5-v1.2.3.zip', []],
    ['go', 'go_buildpack-cflinuxfs5-v1.2.3.zip', ['go 1.25.11', 'node 22.19.0']],
    ['node', 'nodejs_buildpack-cflinuxfs5-v1.2.3.zip', ['node 22.19.0', 'yarn 1.22.22']],
  ] as const)('%s: CF\'s zip name, stack: cflinuxfs5, only that stack\'s dependencies', async (pkg, fileName, expected) => {
    const out = await tempDir();
    const result = await packageBuildpack({ buildpack: await buildpackWithCommittedManifest(pkg), outDir: out, stack: 'cflinuxfs5', log: captureLogger().log });
    expect(result.path).toBe(join(out, fileName));
    const zip = await readZip(result.path);
    const manifest = parseManifest(zip.get('manifest.yml')?.data.toString() ?? '');
    expect(manifest.stack).toBe('cflinuxfs5');
    const deps = (manifest.dependencies ?? []).map((d) => `${d.name} ${d.version}`);
    // Other engineers may add entries (yarn-berry, pnpm): what must be there is there, and nothing is cflinuxfs4-only.
    expect(deps).toEqual(expect.arrayContaining([...expected]));
    expect(deps.filter((d) => d.startsWith('ruby '))).toEqual([]);
    expect(manifest.dependencies?.some((d) => d.cf_stacks !== undefined)).toBeFalsy();
    if (pkg !== 'binary') expect(zip.get('lib/node-runtime')?.data.toString()).toContain("'cflinuxfs5') node_version='22.19.0'");
  });

  it('refuses a cflinuxfs5 ruby zip with CF\'s message: the manifest lists nothing for that stack', async () => {
    await expect(
      packageBuildpack({ buildpack: await buildpackWithCommittedManifest('ruby'), outDir: await tempDir(), stack: 'cflinuxfs5', log: captureLogger().log }),
    ).rejects.toThrow('Stack `cflinuxfs5` not found in manifest');
  });

  it('packages cflinuxfs4 zips from the same manifests, with every ruby', async () => {
    const result = await packageBuildpack({ buildpack: await buildpackWithCommittedManifest('ruby'), outDir: await tempDir(), stack: 'cflinuxfs4', log: captureLogger().log });
    expect(result.fileName).toBe('ruby_buildpack-cflinuxfs4-v1.2.3.zip');
    const manifest = parseManifest((await readZip(result.path)).get('manifest.yml')?.data.toString() ?? '');
    expect(manifest.dependencies.filter((d) => d.name === 'ruby').map((d) => d.version)).toEqual(['3.1.3', '3.1.4', '3.2.1', '3.2.2']);
  });
});
