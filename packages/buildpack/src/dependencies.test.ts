import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DependencyServer, buildTestManifest, packTarball, startDependencyServer } from '@bpkit/dep-server';
import { exists } from '@bpkit/fs';
import { bufferLogger } from '@bpkit/log';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoMatchingVersionError, lazyDependencies } from './dependencies.ts';

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
  await writeFile(join(work, 'bp', 'manifest.yml'), await buildTestManifest({ language: 'test', root: join(work, 'root'), baseUrl: server.url, dependencies, defaultVersions: [{ name: 'slowtool', version: '1.x' }] }));
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
    buildDir: join(dir, 'app'),
    stack: 'cflinuxfs4',
    cacheDir: join(dir, 'cache'),
    depsDir: join(dir, 'deps'),
    log,
    env: { PATH: process.env.PATH ?? '', BPKIT_INSTALL_RECORDS: join(dir, 'records') },
  });
  return { dir, output, get: deps.get };
}


const exact = { constraint: '1.0.0', source: 'the test' };

describe('Dependencies.resolve', () => {
  it('chooses the highest match, says why, and lists the versions when nothing matches', async () => {
    const deps = await setup().get();
    expect(await deps.resolve('fasttool', { constraint: '1.x', source: 'tool.toml', requested: 'tool 1' })).toEqual({
      name: 'fasttool',
      version: '1.0.0',
      source: 'tool.toml',
      constraint: '1.x',
      versionLine: 'minor',
      reason: 'tool.toml: tool 1',
    });
    expect((await deps.resolve('fasttool', { constraint: 'latest', source: 's' }, { versionLine: 'major' })).versionLine).toBe('major');
    const miss = deps.resolve('fasttool', { constraint: '>=2', source: 'tool.toml' });
    await expect(miss).rejects.toBeInstanceOf(NoMatchingVersionError);
    await expect(miss).rejects.toMatchObject({ message: 'no match found for >=2 in [1.0.0]', available: ['1.0.0'], dependency: 'fasttool', cfStack: 'cflinuxfs4', nearest: '1.0.0' });
    await expect(deps.resolve('fasttool', { constraint: '1.x', source: 's', exclude: ['1.0.0'] })).rejects.toThrow('no match found for 1.x in [1.0.0]');
  });

  it("gives the manifest's default when there is no request, and libbuildpack's error when there is none", async () => {
    const deps = await setup().get();
    expect(await deps.resolve('slowtool')).toMatchObject({ version: '1.0.0', source: 'manifest default', constraint: '1.x', reason: 'the manifest default: 1.x' });
    await expect(deps.resolve('fasttool')).rejects.toThrow(/default version/);
  });
});

describe('Dependencies.install', () => {
  it("copies the buildpack's unpacked vendor/node for the entry it came from, without a request", async () => {
    const { dir, output } = setup();
    const bp = join(dir, 'bp');
    await mkdir(join(bp, 'vendor', 'node', 'bin'), { recursive: true });
    await writeFile(join(bp, 'manifest.yml'), await readFile(join(work, 'bp', 'manifest.yml'), 'utf8'));
    await writeFile(join(bp, 'vendor', 'node', 'bin', 'fasttool'), 'vendored\n');
    const sha256 = /name: "?fasttool"?[\s\S]*?sha256: "?([0-9a-f]{64})/.exec(await readFile(join(bp, 'manifest.yml'), 'utf8'))?.[1];
    await writeFile(join(bp, 'vendor', 'node.json'), JSON.stringify({ name: 'fasttool', version: '1.0.0', sha256 }));
    const { log } = bufferLogger();
    const deps = await lazyDependencies({ buildpackDir: bp, buildDir: join(dir, 'app'), stack: 'cflinuxfs4', cacheDir: join(dir, 'cache'), depsDir: join(dir, 'deps'), log, env: {} }).get();
    const requests = server.requests.length;
    await deps.install(await deps.resolve('fasttool', exact), join(dir, 'deps', '0', 'fasttool'));
    expect(await readFile(join(dir, 'deps', '0', 'fasttool', 'bin', 'fasttool'), 'utf8')).toBe('vendored\n');
    expect(server.requests.length).toBe(requests);
    // Another entry (or a vendored copy of another sha256) still comes from the manifest.
    await writeFile(join(bp, 'vendor', 'node.json'), JSON.stringify({ name: 'fasttool', version: '1.0.0', sha256: 'f'.repeat(64) }));
    await deps.install(await deps.resolve('fasttool', exact), join(dir, 'deps', '0', 'again'));
    expect(await readFile(join(dir, 'deps', '0', 'again', 'bin', 'fasttool'), 'utf8')).toContain('echo fasttool');
    expect(output()).toBe('');
  });
});

describe('Dependencies.installAll', () => {
  it('runs installs at once and logs them in the order given', async () => {
    const { dir, output, get } = setup();
    const deps = await get();
    server.setFault('/dependencies/slowtool/slowtool_1.0.0.tgz', { kind: 'slow', bytesPerSecond: 400_000, times: 1 });
    const slow = join(dir, 'deps', '0', 'slowtool');
    const fast = join(dir, 'deps', '0', 'fasttool');
    const all = deps.installAll([
      { dep: await deps.resolve('slowtool', exact), targetDir: slow },
      { dep: await deps.resolve('fasttool', exact), targetDir: fast },
    ]);
    // The second install completes while the first is still downloading: they overlap.
    while (!(await exists(join(fast, 'bin', 'fasttool')))) await new Promise((r) => setTimeout(r, 5));
    expect(await exists(slow)).toBe(false);
    expect(output()).not.toContain('fasttool');
    await all;
    expect(await readFile(join(slow, 'bin', 'slowtool'), 'utf8')).toContain('echo slowtool');
    // Each says, under its header, why that version: the core's one wording.
    expect(output()).toMatch(
      /^-----> Installing slowtool 1\.0\.0\n {7}Chosen by the test: 1\.0\.0\n {7}Download \[.*slowtool_1\.0\.0\.tgz\]\n-----> Installing fasttool 1\.0\.0\n {7}Chosen by the test: 1\.0\.0\n {7}Download \[.*fasttool_1\.0\.0\.tgz\]\n$/,
    );
    // Each install is recorded for the droplet's SBOM, with the manifest's facts and where it went.
    const records = join(dir, 'records');
    expect((await readdir(records)).sort()).toEqual(['test-fasttool-1.0.0.json', 'test-slowtool-1.0.0.json']);
    const fastRecord = JSON.parse(await readFile(join(records, 'test-fasttool-1.0.0.json'), 'utf8')) as Record<string, string>;
    expect(fastRecord).toMatchObject({ name: 'fasttool', version: '1.0.0', buildpack: 'test', path: 'deps/0/fasttool' });
    expect(fastRecord['sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(fastRecord['uri']).toMatch(/fasttool_1\.0\.0\.tgz$/);
  });

  it('finishes every install, then throws the first failure in order', async () => {
    const { dir, output, get } = setup();
    const deps = await get();
    server.setFault('/dependencies/slowtool/slowtool_1.0.0.tgz', { kind: 'corrupt', times: 1 });
    const slow = join(dir, 'deps', '0', 'slowtool');
    const fast = join(dir, 'deps', '0', 'fasttool');
    await expect(
      deps.installAll([
        { dep: await deps.resolve('slowtool', exact), targetDir: slow },
        { dep: await deps.resolve('fasttool', exact), targetDir: fast },
      ]),
    ).rejects.toThrow(/dependency sha256 mismatch/);
    expect(await exists(slow)).toBe(false);
    expect(await exists(join(fast, 'bin', 'fasttool'))).toBe(true);
    expect(output().indexOf('Installing slowtool')).toBeLessThan(output().indexOf('Installing fasttool'));
  });
});
