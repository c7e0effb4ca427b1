import { mkdir, mkdtemp, readdir, readFile, readlink, realpath, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { DepDir } from './dep-dir.ts';

async function fresh(): Promise<{ root: string; deps: DepDir }> {
  const root = await mkdtemp(join(tmpdir(), 'depdir-'));
  return { root, deps: new DepDir(join(root, 'deps', '0')) };
}

describe('DepDir', () => {
  test('writeEnvFile writes the raw value without a newline, mode 0644', async () => {
    const { deps } = await fresh();
    await deps.writeEnvFile('GOROOT', '/home/vcap/deps/0/go');
    const file = join(deps.path, 'env', 'GOROOT');
    expect(await readFile(file, 'utf8')).toBe('/home/vcap/deps/0/go');
    expect((await stat(file)).mode & 0o777).toBe(0o644);
  });

  test('writeProfileD writes an executable script', async () => {
    const { deps } = await fresh();
    await deps.writeProfileD('go.sh', 'export PATH=$PATH:$HOME/bin\n');
    const file = join(deps.path, 'profile.d', 'go.sh');
    expect(await readFile(file, 'utf8')).toBe('export PATH=$PATH:$HOME/bin\n');
    expect((await stat(file)).mode & 0o777).toBe(0o755);
  });

  test('linkBinary makes a relative symlink in bin/ that resolves, and can be redone', async () => {
    const { deps } = await fresh();
    const goBin = join(deps.path, 'go1.25.11', 'go', 'bin');
    await mkdir(goBin, { recursive: true });
    await writeFile(join(goBin, 'go'), '#!/bin/sh\n');
    await deps.linkBinary(join(goBin, 'go'), 'go');
    const link = join(deps.path, 'bin', 'go');
    expect(await readlink(link)).toBe('../go1.25.11/go/bin/go');
    expect(await realpath(link)).toBe(await realpath(join(goBin, 'go')));
    await deps.linkBinary(join(goBin, 'go'), 'go');
    expect(await readlink(link)).toBe('../go1.25.11/go/bin/go');
  });

  test('linkDirectory links each entry of source into <depDir>/<sub>', async () => {
    const { deps } = await fresh();
    const src = join(deps.path, 'node', 'bin');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'node'), '');
    await writeFile(join(src, 'npm'), '');
    await deps.linkDirectory(src, 'bin');
    expect((await readdir(join(deps.path, 'bin'))).sort()).toEqual(['node', 'npm']);
    expect(await readlink(join(deps.path, 'bin', 'npm'))).toBe('../node/bin/npm');
  });

  test('linkDirectory links an entry that is a link to where its chain ends, through deps/ when deps/ is a link', async () => {
    const { root, deps } = await fresh();
    // The toolchain as the cache holds it, linked into deps/ (install's reuse: 'link').
    const cached = join(root, 'cache', 'node');
    await mkdir(join(cached, 'bin'), { recursive: true });
    await mkdir(join(cached, 'lib', 'npm', 'bin'), { recursive: true });
    await writeFile(join(cached, 'lib', 'npm', 'bin', 'npm-cli.js'), '');
    await symlink('../lib/npm/bin/npm-cli.js', join(cached, 'bin', 'npm-link'));
    await symlink('npm-link', join(cached, 'bin', 'npm'));
    await writeFile(join(cached, 'bin', 'node'), '');
    await mkdir(deps.path, { recursive: true });
    await symlink(cached, join(deps.path, 'node'));
    await deps.linkDirectory(join(deps.path, 'node', 'bin'), 'bin');
    expect(await readlink(join(deps.path, 'bin', 'npm'))).toBe('../node/lib/npm/bin/npm-cli.js');
    expect(await readlink(join(deps.path, 'bin', 'node'))).toBe('../node/bin/node');
  });

  test('linking over a real file fails as in libbuildpack', async () => {
    const { deps } = await fresh();
    await mkdir(join(deps.path, 'bin'), { recursive: true });
    await writeFile(join(deps.path, 'bin', 'tool'), 'real');
    await expect(deps.linkBinary('/usr/bin/true', 'tool')).rejects.toThrow(/EEXIST/);
  });

  test('writeConfigYml sorts keys and defaults config to {}', async () => {
    const { deps } = await fresh();
    await deps.writeConfigYml({ name: 'binary', version: '1.1.0' });
    expect(await readFile(join(deps.path, 'config.yml'), 'utf8')).toBe('config: {}\nname: binary\nversion: 1.1.0\n');
    await deps.writeConfigYml({ name: 'go', version: '1.10', config: { VendorTool: 'gomod', GoVersion: '1.25.11' } });
    const text = await readFile(join(deps.path, 'config.yml'), 'utf8');
    // go-yaml v2 (libbuildpack) double-quotes a string that would otherwise read as a number.
    expect(text).toBe('config:\n  GoVersion: 1.25.11\n  VendorTool: gomod\nname: go\nversion: "1.10"\n');
    expect(load(text)).toEqual({ config: { GoVersion: '1.25.11', VendorTool: 'gomod' }, name: 'go', version: '1.10' });
  });

  test('clear keeps only config.yml', async () => {
    const { deps } = await fresh();
    await deps.writeConfigYml({ name: 'go', version: '1' });
    await deps.writeEnvFile('A', 'b');
    await deps.linkBinary('/usr/bin/true', 'true');
    await mkdir(join(deps.path, 'go1', 'deep'), { recursive: true });
    await deps.clear();
    expect(await readdir(deps.path)).toEqual(['config.yml']);
  });

  test('clear on a missing dir is a no-op', async () => {
    const { deps } = await fresh();
    await expect(deps.clear()).resolves.toBeUndefined();
  });
});
