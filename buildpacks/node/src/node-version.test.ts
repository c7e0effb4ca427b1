import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Dependencies, lazyDependencies } from '@bpkit/buildpack';
import { buildTestManifest } from '@bpkit/dep-server';
import { bufferLogger } from '@bpkit/log';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeVersionFiles, chooseNodeVersion, versionFileRange } from './node-version.ts';

const VERSIONS = ['18.20.8', '20.19.5', '20.20.2', '22.19.0', '22.23.3', '24.11.0'];
let work: string;
let deps: Dependencies;

/** The core's dependency service over a manifest listing `versions` of node (default 22.23.3); nothing is fetched. */
async function manifestDependencies(name: string, versions: readonly string[]): Promise<Dependencies> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  const dependencies = versions.map((version) => ({ name: 'node', version, file: `node-${version}.tgz`, sha256: '0'.repeat(64) }));
  const manifest = await buildTestManifest({ language: 'nodejs', root: dir, baseUrl: 'http://127.0.0.1:9', dependencies, defaultVersions: [{ name: 'node', version: '22.23.3' }] });
  await writeFile(join(dir, 'manifest.yml'), manifest);
  const { log } = bufferLogger();
  return lazyDependencies({ buildpackDir: dir, stack: 'cflinuxfs4', cacheDir: join(dir, 'cache'), depsDir: join(dir, 'deps'), log, env: {} }).get();
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bpkit-node-version-'));
  deps = await manifestDependencies('all', VERSIONS);
});
afterAll(() => rm(work, { recursive: true, force: true }));

const choose = async (files: NodeVersionFiles, from: Dependencies = deps) => {
  const { node, ...rest } = await chooseNodeVersion(from, files);
  return { version: node.version, ...rest };
};

describe('chooseNodeVersion', () => {
  it('takes the highest manifest version matching engines.node', async () => {
    expect(await choose({ engines: '20.x' })).toMatchObject({ version: '20.20.2', source: 'engines.node (package.json)', requested: '20.x' });
    expect((await choose({ engines: '^20.19.0' })).version).toBe('20.20.2');
    expect((await choose({ engines: '>=18 <21' })).version).toBe('20.20.2');
    expect((await choose({ engines: '20.19.5' })).version).toBe('20.19.5');
    expect((await choose({ engines: '18.x || 20.x' })).version).toBe('20.20.2');
    expect((await choose({ engines: '~22.19' })).version).toBe('22.19.0');
    // The install's newer-version warning looks along the major line.
    expect((await chooseNodeVersion(deps, { engines: '20.x' })).node.versionLine).toBe('major');
  });

  it('prefers engines.node over .nvmrc over .node-version, and says so', async () => {
    const all = await choose({ engines: '20.x', nvmrc: '22\n', nodeVersion: '18' });
    expect(all).toMatchObject({ version: '20.20.2', source: 'engines.node (package.json)' });
    expect(all.warnings).toContain("Node version in .nvmrc ignored in favor of 'engines' field in package.json");

    const nvmrc = await choose({ nvmrc: '22\n', nodeVersion: '18' });
    expect(nvmrc).toMatchObject({ version: '22.23.3', source: '.nvmrc', requested: '22' });
    expect(nvmrc.warnings).toEqual(['Using the node version specified in your .nvmrc See: http://docs.cloudfoundry.org/buildpacks/node/node-tips.html']);

    const nodeVersion = await choose({ nodeVersion: 'v18.20' });
    expect(nodeVersion).toMatchObject({ version: '18.20.8', source: '.node-version' });
  });

  it('reads every .nvmrc form nvm knows', async () => {
    expect((await choose({ nvmrc: 'v20.19' })).version).toBe('20.19.5');
    expect((await choose({ nvmrc: '20.19.5' })).version).toBe('20.19.5');
    expect((await choose({ nvmrc: 'v20' })).version).toBe('20.20.2');
    expect((await choose({ nvmrc: 'lts/iron' })).version).toBe('20.20.2');
    expect((await choose({ nvmrc: 'lts/Jod' })).version).toBe('22.23.3');
    expect((await choose({ nvmrc: 'lts/*' })).version).toBe('24.11.0');
    expect((await choose({ nvmrc: 'node' })).version).toBe('24.11.0');
    expect((await choose({ nvmrc: 'lts/*' })).warnings).toContain(
      '.nvmrc specified an lts version, this will be selected from versions available in manifest.yml',
    );
    expect((await choose({ nvmrc: 'node' })).warnings).toContain(
      '.nvmrc specified latest node version, this will be selected from versions available in manifest.yml',
    );
  });

  it('lts/* means the newest LTS line the manifest has, never an odd (current) release', async () => {
    const odd = await manifestDependencies('odd', ['20.20.2', '22.23.3', '23.11.0']);
    expect((await choose({ nvmrc: 'lts/*' }, odd)).version).toBe('22.23.3');
  });

  it('falls back to the manifest default with CF’s warning when nothing asks for a version', async () => {
    const choice = await choose({});
    expect(choice).toEqual({
      version: '22.23.3',
      source: 'default (manifest.yml)',
      warnings: ['Node version not specified in package.json or .nvmrc. See: http://docs.cloudfoundry.org/buildpacks/node/node-tips.html'],
    });
    expect((await choose({ engines: '  ', nvmrc: '\n' })).source).toBe('default (manifest.yml)');
  });

  it('warns about open ranges in engines.node as CF does', async () => {
    expect((await choose({ engines: '*' })).warnings).toContain(
      'Dangerous semver range (*) in engines.node. See: http://docs.cloudfoundry.org/buildpacks/node/node-tips.html',
    );
    const open = await choose({ engines: '>=20' });
    expect(open.version).toBe('24.11.0');
    expect(open.warnings).toContain('Dangerous semver range (>) in engines.node. See: http://docs.cloudfoundry.org/buildpacks/node/node-tips.html');
    expect((await choose({ engines: '20.x' })).warnings).toEqual([]);
  });

  it('fails when nothing matches, listing the versions the buildpack has', async () => {
    await expect(choose({ engines: '>=99' })).rejects.toThrow(
      'Unable to install node: no match found for >=99 (engines.node (package.json)) in [18.20.8 20.19.5 20.20.2 22.19.0 22.23.3 24.11.0]',
    );
    await expect(choose({ nvmrc: '16' })).rejects.toThrow('no match found for 16 (.nvmrc) in [18.20.8');
    await expect(choose({ nvmrc: 'lts/gallium' })).rejects.toThrow('no match found for lts/gallium (.nvmrc)');
  });

  it('explains engine strings that are not semver instead of "no match" (nodejs-buildpack #52)', async () => {
    await expect(choose({ engines: 'latest LTS please' })).rejects.toThrow(/engines\.node in package\.json is not a semver range: latest LTS please/);
    await expect(choose({ engines: 'latest' })).rejects.toThrow(/not a semver range: latest\n.*available versions: \[18\.20\.8 /);
    await expect(choose({ engines: 'latest' })).rejects.toMatchObject({ exitCode: 14 });
  });

  it('rejects .nvmrc content nvm would not understand', () => {
    expect(() => versionFileRange('lts/argonaut', '.nvmrc')).toThrow(/unknown LTS release line lts\/argonaut/);
    expect(() => versionFileRange('twenty', '.node-version')).toThrow('Unable to load .node-version: invalid version twenty specified in .node-version');
    expect(versionFileRange('v20.x', '.nvmrc')).toEqual({ range: '20.x.x', kind: 'version' });
  });
});
