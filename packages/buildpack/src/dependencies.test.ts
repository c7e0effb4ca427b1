import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DependencyServer, buildTestManifest, packTarball, startDependencyServer } from '@bpkit/dep-server';
import { bufferLogger } from '@bpkit/log';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lazyDependencies } from './dependencies.ts';

let work: string;
let server: DependencyServer;

async function tarball(name: string, bytes: number): Promise<string> {
  const src = join(work, 'src', name);
  await mkdir(join(src, 'bin'), { recursive: true });
  await writeFile(join(src, 'bin', name), `#!/bin/sh\necho ${name}\n`, { mode: 0o755 });
  // Incompressible padding, so the slow fault below spans the download.
  await writeFile(join(src, 'padding'), randomBytes(bytes));
  const file = `dependencies/${name}/${name}_1.0.0.tgz`;
  await mkdir(join(work, 'root', 'dependencies', name), { recursive: true });
  await packTarball(src, join(work, 'root', file));
  return file;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bpkit-deps-'));
  server = await startDependencyServer({ root: join(work, 'root') });
  const dependencies = [
    { name: 'slowtool', version: '1.0.0', file: await tarball('slowtool', 200_000) },
    { name: 'fasttool', version: '1.0.0', file: await tarball('fasttool', 1000) },
  ];
  await mkdir(join(work, 'bp'));
  await writeFile(join(work, 'bp', 'manifest.yml'), await buildTestManifest({ language: 'test', root: join(work, 'root'), baseUrl: server.url, dependencies }));
});
afterAll(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

let n = 0;
function setup() {
  const dir = join(work, `case${++n}`);
  const { log, output } = bufferLogger();
  const deps = lazyDependencies({
    buildpackDir: join(work, 'bp'),
    stack: 'cflinuxfs4',
    cacheDir: join(dir, 'cache'),
    depsDir: join(dir, 'deps'),
    log,
    env: { PATH: process.env.PATH ?? '' },
  });
  return { dir, output, get: deps.get };
}

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

describe('Dependencies.installAll', () => {
  it('runs installs at once and logs them in the order given', async () => {
    const { dir, output, get } = setup();
    const deps = await get();
    server.setFault('/dependencies/slowtool/slowtool_1.0.0.tgz', { kind: 'slow', bytesPerSecond: 400_000, times: 1 });
    const slow = join(dir, 'deps', '0', 'slowtool');
    const fast = join(dir, 'deps', '0', 'fasttool');
    const all = deps.installAll([
      { dep: { name: 'slowtool', version: '1.0.0' }, targetDir: slow },
      { dep: { name: 'fasttool', version: '1.0.0' }, targetDir: fast },
    ]);
    // The second install completes while the first is still downloading: they overlap.
    while (!(await exists(join(fast, 'bin', 'fasttool')))) await new Promise((r) => setTimeout(r, 5));
    expect(await exists(slow)).toBe(false);
    expect(output()).not.toContain('fasttool');
    await all;
    expect(await readFile(join(slow, 'bin', 'slowtool'), 'utf8')).toContain('echo slowtool');
    expect(output()).toMatch(/^-----> Installing slowtool 1\.0\.0\n {7}Download \[.*slowtool_1\.0\.0\.tgz\]\n-----> Installing fasttool 1\.0\.0\n {7}Download \[.*fasttool_1\.0\.0\.tgz\]\n$/);
  });

  it('finishes every install, then throws the first failure in order', async () => {
    const { dir, output, get } = setup();
    const deps = await get();
    server.setFault('/dependencies/slowtool/slowtool_1.0.0.tgz', { kind: 'corrupt', times: 1 });
    const slow = join(dir, 'deps', '0', 'slowtool');
    const fast = join(dir, 'deps', '0', 'fasttool');
    await expect(
      deps.installAll([
        { dep: { name: 'slowtool', version: '1.0.0' }, targetDir: slow },
        { dep: { name: 'fasttool', version: '1.0.0' }, targetDir: fast },
      ]),
    ).rejects.toThrow(/dependency sha256 mismatch/);
    expect(await exists(slow)).toBe(false);
    expect(await exists(join(fast, 'bin', 'fasttool'))).toBe(true);
    expect(output().indexOf('Installing slowtool')).toBeLessThan(output().indexOf('Installing fasttool'));
  });
});
