import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBuildpack, makeStackPath, runBin } from '@bpkit/bundle';

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const WEB = '>&2 echo Error: no start command specified during staging or launch && exit 1';
let root: string;
let bp: string;
let stackPath: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bpkit-binary-'));
  bp = join(root, 'binary_buildpack');
  await bundleBuildpack({ packageDir: PACKAGE_DIR, outDir: bp });
  stackPath = await makeStackPath(join(root, 'stack-bin'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs a buildpack script as a foundation does: stack PATH (no node), CF_STACK, BPKIT_NODE unset. */
async function script(name: string, args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await runBin(bp, name, args, { PATH: stackPath, CF_STACK: 'cflinuxfs4', ...env });
  return { code, stdout, stderr };
}

async function dirs(...paths: string[]): Promise<string> {
  const base = await mkdtemp(join(root, 'stage-'));
  for (const p of paths) await mkdir(join(base, p), { recursive: true });
  return base;
}

describe('binary buildpack', () => {
  it('has the five CF scripts, executable, and its VERSION and manifest', async () => {
    for (const name of ['detect', 'supply', 'finalize', 'release', 'compile']) {
      expect((await stat(join(bp, 'bin', name))).mode & 0o777).toBe(0o755);
    }
    expect(await readFile(join(bp, 'VERSION'), 'utf8')).toBe('1.0.0');
    const pkg = JSON.parse(await readFile(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toBe('1.0.0');
    expect(await readFile(join(bp, 'manifest.yml'), 'utf8')).toMatch(/^---\nlanguage: binary\n/);
  });

  it('is all sh: no Node, no bootstrap, nothing in its manifest to download', async () => {
    for (const name of ['detect', 'supply', 'finalize', 'release', 'compile']) {
      const text = await readFile(join(bp, 'bin', name), 'utf8');
      expect(text).toMatch(/^#!\/bin\/sh\n/);
      expect(text).not.toMatch(/bootstrap|\.cjs|node/);
    }
    await expect(stat(join(bp, 'lib'))).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(bp, 'manifest.yml'), 'utf8')).toMatch(/^dependencies: \[\]$/m);
  });

  it('detect always fails, whatever the app holds, without starting Node', async () => {
    const app = await dirs('app');
    await writeFile(join(app, 'app/go.mod'), 'module x\n');
    await writeFile(join(app, 'app/Procfile'), 'web: ./app\n');
    expect(await script('detect', [join(app, 'app')], { BPKIT_NODE: '/nonexistent' })).toEqual({ code: 1, stdout: '', stderr: '' });
  });

  it("release's default web command is CF's explicit failure", async () => {
    const app = await dirs('app');
    const release = await script('release', [join(app, 'app')], { BPKIT_NODE: '/nonexistent' });
    // Quoted as go-yaml v2 quotes it; CF parses it back to exactly WEB.
    expect(release).toEqual({ code: 0, stdout: `---\ndefault_process_types:\n  web: ${JSON.stringify(WEB)}\n`, stderr: '' });
    const started = await run('bash', ['-c', WEB]).catch((e: { code: number; stderr: string }) => e);
    expect(started).toMatchObject({ code: 1, stderr: 'Error: no start command specified during staging or launch\n' });
  });

  it('supply + finalize (last of two buildpacks) make the earlier buildpack’s tools usable at launch', async () => {
    const base = await dirs('app', 'cache', 'deps/0/bin', 'deps/0/env', 'deps/1', 'profile.d');
    await writeFile(join(base, 'deps/0/bin/greet'), '#!/bin/sh\necho "hello from supplied tool"\n');
    await chmod(join(base, 'deps/0/bin/greet'), 0o755);
    const args = [join(base, 'app'), join(base, 'cache'), join(base, 'deps'), '1'];

    const supply = await script('supply', args);
    expect(supply).toEqual({ code: 0, stdout: '-----> Binary Buildpack version 1.0.0\n', stderr: '' });
    expect(await readFile(join(base, 'deps/1/config.yml'), 'utf8')).toBe('config: {}\nname: binary\nversion: 1.0.0\n');

    const finalize = await script('finalize', [...args, join(base, 'profile.d')]);
    expect(finalize.code).toBe(0);
    expect(finalize.stderr).toBe('');

    // Launch as CF does: DEPS_DIR set, profile.d sourced, then the start command.
    const launched = await run('bash', ['-c', 'for f in "$1"/*; do . "$f"; done; greet', 'launch', join(base, 'profile.d')], {
      env: { PATH: stackPath, DEPS_DIR: join(base, 'deps'), HOME: join(base, 'app') },
    });
    expect(launched.stdout).toBe('hello from supplied tool\n');
  });

  it('compile (platforms without finalize) stages into the app dir', async () => {
    const base = await dirs('app', 'cache');
    const compiled = await script('compile', [join(base, 'app'), join(base, 'cache')]);
    expect(compiled).toMatchObject({ code: 0, stdout: '-----> Binary Buildpack version 1.0.0\n' });
    expect(await readFile(join(base, 'app/.cloudfoundry/0/config.yml'), 'utf8')).toContain('name: binary');
  });
});
