import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Registry, RegistryError } from './registry.ts';
import { buildpackDir, systemBuildpacks } from './testing/registry-fixtures.ts';

const workspace = (): Promise<string> => systemBuildpacks([['node', 'nodejs'], ['binary', 'binary'], ['go', 'go'], ['extra', 'zzz']]);

const names = async (r: Registry) => (await r.list()).map((b) => `${b.position}:${b.name}`);

describe('Registry', () => {
  it('starts with the workspace buildpacks as system buildpacks in CF\'s order', async () => {
    const r = await Registry.open({ dataDir: await mkdtemp(join(tmpdir(), 'data-')), systemBuildpacksDir: await workspace() });
    expect(await names(r)).toEqual(['1:binary_buildpack', '2:go_buildpack', '3:nodejs_buildpack', '4:zzz_buildpack']);
    expect((await r.list()).every((b) => b.state === 'READY' && b.enabled)).toBe(true);
  });

  it('inserts at a position and shifts the rest down; past the end goes last', async () => {
    const data = await mkdtemp(join(tmpdir(), 'data-'));
    const r = await Registry.open({ dataDir: data, systemBuildpacksDir: await workspace() });
    await r.create('mine', await buildpackDir(), 2);
    await r.create('last', await buildpackDir(), 99);
    expect(await names(r)).toEqual(['1:binary_buildpack', '2:mine', '3:go_buildpack', '4:nodejs_buildpack', '5:zzz_buildpack', '6:last']);
    await r.update('last', { position: 1 });
    expect((await names(r)).slice(0, 2)).toEqual(['1:last', '2:binary_buildpack']);
    await r.delete('binary_buildpack');
    expect((await names(await Registry.open({ dataDir: data })))[1]).toBe('2:mine');
  });

  it('takes the stack from the manifest and keeps (name, stack) unique', async () => {
    const r = await Registry.open({ dataDir: await mkdtemp(join(tmpdir(), 'data-')) });
    const rec = await r.create('s', await buildpackDir('cflinuxfs4'), 1);
    expect(rec.stack).toBe('cflinuxfs4');
    await expect(r.create('s', await buildpackDir('cflinuxfs4'), 1)).rejects.toThrow('Buildpack s already exists');
    await r.create('s', await buildpackDir(), 1);
    await expect(r.update('s', { enabled: false })).rejects.toThrow(/Multiple buildpacks named s/);
  });

  it('resolves -b names the CF way, with the seeds\' dash spelling too', async () => {
    const r = await Registry.open({ dataDir: await mkdtemp(join(tmpdir(), 'data-')), systemBuildpacksDir: await workspace() });
    expect((await r.stagingBuildpack('binary-buildpack', 'cflinuxfs4')).name).toBe('binary_buildpack');
    await expect(r.stagingBuildpack('nope', 'cflinuxfs4')).rejects.toThrow('"nope" must be an existing admin buildpack or a valid git URI');
    await r.update('go_buildpack', { enabled: false });
    await expect(r.stagingBuildpack('go_buildpack', 'cflinuxfs4')).rejects.toThrow(
      "Requested buildpack(s) 'go_buildpack' are disabled and cannot be used for staging",
    );
    expect((await r.detectOrder('cflinuxfs4')).map((b) => b.name)).toEqual(['binary_buildpack', 'nodejs_buildpack', 'zzz_buildpack']);
  });

  it('refuses new bits while locked, bad names, bad positions and custom buildpacks when disabled', async () => {
    const r = await Registry.open({ dataDir: await mkdtemp(join(tmpdir(), 'data-')) });
    await r.create('locked', await buildpackDir(), 1);
    await r.update('locked', { locked: true });
    await expect(r.update('locked', { path: await buildpackDir() })).rejects.toThrow('The buildpack is locked');
    await expect(r.create('bad name', await buildpackDir(), 1)).rejects.toBeInstanceOf(RegistryError);
    await expect(r.create('ok', await buildpackDir(), 0)).rejects.toThrow(/POSITION/);
    await r.setConfig({ disableCustomBuildpacks: true });
    expect(() => r.assertCustomBuildpacksAllowed('https://example.test/bp.zip')).toThrow(/Custom buildpacks are disabled/);
  });

  it('keeps every create of several registries racing on one data dir, each once, and one of a duplicate name', async () => {
    const data = await mkdtemp(join(tmpdir(), 'data-'));
    const ws = await workspace();
    // Separate instances, as separate processes would hold: each opens a registry that does not exist yet.
    const open = () => Registry.open({ dataDir: data, systemBuildpacksDir: ws });
    const results = await Promise.allSettled([
      ...['a', 'b', 'c', 'd'].map(async (n, i) => (await open()).create(n, await buildpackDir(), i + 1)),
      ...[1, 2, 3].map(async () => (await open()).create('dup', await buildpackDir(), 1)),
    ]);
    expect(results.slice(0, 4).every((r) => r.status === 'fulfilled')).toBe(true);
    const dups = results.slice(4);
    expect(dups.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of dups.filter((r) => r.status === 'rejected')) expect(String(r.reason)).toContain('Buildpack dup already exists');
    const listed = await names(await open());
    expect(listed.map((n) => n.split(':')[1]).sort()).toEqual(['a', 'b', 'binary_buildpack', 'c', 'd', 'dup', 'go_buildpack', 'nodejs_buildpack', 'zzz_buildpack']);
    expect(listed.map((n) => Number(n.split(':')[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await readdir(join(data, 'buildpacks'))).length).toBe(5);
    expect(await readdir(data)).toEqual(expect.not.arrayContaining(['buildpacks.json.lock']));
  });

  it('registers a buildpack added to the workspace later at the end, unless the operator deleted it', async () => {
    const data = await mkdtemp(join(tmpdir(), 'data-'));
    const ws = await workspace();
    await Registry.open({ dataDir: data, systemBuildpacksDir: ws });
    await mkdir(join(ws, 'mylang', 'build', 'bin'), { recursive: true });
    await writeFile(join(ws, 'mylang', 'manifest.yml'), 'language: mylang\n');
    const r = await Registry.open({ dataDir: data, systemBuildpacksDir: ws });
    expect((await names(r)).at(-1)).toBe('5:mylang_buildpack');
    await r.delete('mylang_buildpack');
    expect(await names(await Registry.open({ dataDir: data, systemBuildpacksDir: ws }))).not.toContain('5:mylang_buildpack');
  });
});
