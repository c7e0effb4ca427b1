// bpkit package end to end: the binary buildpack packaged as CF's packager would, registered with
// create-buildpack and staged through it; plus the registry deciding which buildpack detect picks.
import { execFile } from 'node:child_process';
import { chmod, copyFile, cp, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type DependencyServer, buildTestManifest, packTarball, startDependencyServer } from '@bpkit/dep-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { okBody } from './app-http.ts';
import { type Finished, type PushedApp, bpkit, freshPlatform, RunningApps } from './bpkit.ts';
import { seedApp, seedBinary } from './go-app.ts';
import { REPO_ROOT } from './workspace.ts';

const run = promisify(execFile);
const FIXTURES = join(REPO_ROOT, 'e2e', 'fixtures', 'packaging');
const NODE_VERSION = process.versions.node;
const NODE_TGZ = `node/node-v${NODE_VERSION}-linux-x64.tgz`;

function expectOk(result: Finished): Finished {
  if (result.code !== 0) throw new Error(`bpkit exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** `unzip -Z` lines: permissions first, the entry name last. */
async function zipListing(zip: string): Promise<Map<string, string>> {
  const { stdout } = await run('unzip', ['-Z', zip]);
  const entries = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const m = /^([-dl][rwx-]{9})\s.*\s(\S+)$/.exec(line);
    if (m) entries.set(m[2] as string, m[1] as string);
  }
  return entries;
}

async function zipFile(zip: string, name: string): Promise<string> {
  return (await run('unzip', ['-p', zip, name])).stdout;
}

describe('bpkit package: the binary buildpack as cached and uncached zips', () => {
  let work: string;
  let server: DependencyServer;
  let serverUrl: string;
  /** The binary buildpack as it is: a declaration, no Node, no dependencies. */
  let buildpack: string;
  /** The same with a manifest listing a dependency, for the packager's stack and summary checks. */
  let withDependency: string;
  let cacheDir: string;
  const running = new RunningApps();

  /** A copy of the binary buildpack's package (never the real one), with `manifest` in place of its own. */
  async function binaryCopy(name: string, manifest?: string): Promise<string> {
    const dir = join(work, name);
    const real = join(REPO_ROOT, 'buildpacks', 'binary');
    await mkdir(dir);
    for (const f of ['package.json', 'VERSION']) await copyFile(join(real, f), join(dir, f));
    await cp(join(real, 'build'), join(dir, 'build'), { recursive: true });
    const text = manifest ?? (await readFile(join(real, 'manifest.yml'), 'utf8'));
    await writeFile(join(dir, 'manifest.yml'), text);
    await writeFile(join(dir, 'build', 'manifest.yml'), text);
    return dir;
  }

  beforeAll(async () => {
    await seedBinary();
    work = await mkdtemp(join(tmpdir(), 'bpkit-packaging-'));
    const nodeTree = join(work, 'node-tree', `node-v${NODE_VERSION}-linux-x64`, 'bin');
    await mkdir(nodeTree, { recursive: true });
    await copyFile(process.execPath, join(nodeTree, 'node'));
    await chmod(join(nodeTree, 'node'), 0o755);
    const root = join(work, 'served');
    await mkdir(join(root, 'node'), { recursive: true });
    await packTarball(join(work, 'node-tree'), join(root, NODE_TGZ));
    server = await startDependencyServer({ root });
    serverUrl = server.url;
    const manifest = await buildTestManifest({
      language: 'binary',
      root,
      baseUrl: server.url,
      dependencies: [{ name: 'node', version: NODE_VERSION, file: NODE_TGZ, cf_stacks: ['cflinuxfs4'] }],
      defaultVersions: [{ name: 'node', version: `${NODE_VERSION.split('.')[0]}.x` }],
    });
    buildpack = await binaryCopy('binary');
    withDependency = await binaryCopy('binary-with-dependency', manifest);
    cacheDir = join(work, 'download-cache');
  });

  afterEach(() => running.stopAll());

  afterAll(async () => {
    await server?.close().catch(() => undefined);
  });

  /** Pushes the seed app through a registered zip the way a foundation stages: no Node anywhere for the buildpack. */
  async function pushOffline(zip: string, name: string): Promise<PushedApp> {
    const env = { ...(await freshPlatform()), BPKIT_NODE: 'none' };
    expectOk(await bpkit(['create-buildpack', name, zip, '1'], env));
    const app = await running.push([await seedApp({ Procfile: 'web: ./app\n' }), '-b', name, '-e', `BPKIT_NODE_CACHE=${join(work, `node-cache-${name}`)}`], env);
    return app;
  }

  it('writes an uncached zip of sh scripts only (modes kept, VERSION, no lib/, no Node, under 1 MiB) that stages with no Node and no network', async () => {
    const out = join(work, 'uncached');
    const result = expectOk(await bpkit(['package', buildpack, '-o', out], process.env));
    const zip = join(out, 'binary_buildpack-v1.0.0.zip');
    expect(result.stdout).toMatch(new RegExp(`^uncached buildpack created and saved as ${zip} with a size of \\d+MB$`, 'm'));
    expect((await stat(zip)).size).toBeLessThan(2 ** 20);

    const listing = await zipListing(zip);
    for (const bin of ['detect', 'supply', 'finalize', 'release', 'compile']) {
      expect(listing.get(`bin/${bin}`)).toBe('-rwxr-xr-x');
      expect(await zipFile(zip, `bin/${bin}`)).toMatch(/^#!\/bin\/sh\n/);
    }
    expect(listing.get('manifest.yml')).toBe('-rw-r--r--');
    expect([...listing.keys()].filter((k) => /^(lib|dependencies|vendor)\//.test(k))).toEqual([]);
    expect(await zipFile(zip, 'VERSION')).toBe('1.0.0');

    const app = await pushOffline(zip, 'online_binary');
    expect(await okBody(app.url)).toBe('Hello, world!');
    expect(app.output()).toContain('-----> Binary Buildpack version 1.0.0');
    expect(app.output()).not.toContain('Node.js');
    expect(server.requests).toEqual([]);
  });

  it('vendors what a manifest lists, at dependencies/<md5(uri)>/, even for a buildpack that runs no Node', async () => {
    const out = join(work, 'cached-with-dependency');
    expectOk(await bpkit(['package', withDependency, '--cached', '-o', out, '--cache-dir', cacheDir], process.env));
    const zip = join(out, 'binary_buildpack-cached-v1.0.0.zip');
    const { createHash } = await import('node:crypto');
    const vendored = `dependencies/${createHash('md5').update(`${serverUrl}/${NODE_TGZ}`).digest('hex')}/node-v${NODE_VERSION}-linux-x64.tgz`;
    expect((await zipListing(zip)).get(vendored)).toBe('-rw-r--r--');
    expect(await zipFile(zip, 'manifest.yml')).toContain(`file: ${vendored}`);
  });

  it('writes a cached zip byte for byte the same twice, holding the same sh scripts, that stages with no Node anywhere', async () => {
    const outA = join(work, 'cached-a');
    const outB = join(work, 'cached-b');
    const first = expectOk(await bpkit(['package', buildpack, '--cached', '-o', outA, '--cache-dir', cacheDir], process.env));
    const zip = join(outA, 'binary_buildpack-cached-v1.0.0.zip');
    expect(first.stdout).toMatch(new RegExp(`^cached buildpack created and saved as ${zip} with a size of \\d+MB$`, 'm'));
    expectOk(await bpkit(['package', buildpack, '--cached', '-o', outB, '--cache-dir', cacheDir], process.env));
    expect(Buffer.compare(await readFile(zip), await readFile(join(outB, 'binary_buildpack-cached-v1.0.0.zip')))).toBe(0);
    expect((await stat(zip)).size).toBeLessThan(2 ** 20);
    const listing = await zipListing(zip);
    expect([...listing.keys()].filter((k) => /^(lib|dependencies|vendor)\//.test(k))).toEqual([]);
    expect(await zipFile(zip, 'bin/supply')).toBe(await readFile(join(buildpack, 'build', 'bin', 'supply'), 'utf8'));

    await server.close();
    const app = await pushOffline(zip, 'offline_binary');
    expect(await okBody(app.url)).toBe('Hello, world!');
    expect(app.output()).not.toContain('Node.js');
    expect(app.output()).not.toContain('Download [');
  });

  it('fails with CF\'s messages and writes nothing for a stack the manifest lacks', async () => {
    const out = join(work, 'refused');
    const result = await bpkit(['package', withDependency, '--stack', 'cflinuxfs5', '-o', out], process.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error while creating zipfile: Stack `cflinuxfs5` not found in manifest');
    expect(result.stderr).toContain('FAILED');
    await expect(readFile(join(out, 'binary_buildpack-cflinuxfs5-v1.0.0.zip'))).rejects.toThrow(/ENOENT/);
    const summary = expectOk(await bpkit(['package', withDependency, '--summary'], process.env));
    expect(summary.stdout).toContain(`Packaged binaries:\n\n| name | version | cf_stacks |\n|-|-|-|\n| node | ${NODE_VERSION} | cflinuxfs4 |\n`);
    expect(summary.stdout).toContain(`Default binary versions:\n\n| name | version |\n|-|-|\n| node | ${NODE_VERSION.split('.')[0]}.x |\n`);
  });
});

describe('the buildpack registry decides what detect picks', () => {
  const ALPHA = join(FIXTURES, 'detect-alpha');
  const BETA = join(FIXTURES, 'detect-beta');

  /** Stages only: the supply line names the buildpack that ran. */
  async function stagedWith(app: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<Finished> {
    return bpkit(['push', app, '--no-start', ...args], env);
  }

  it('create-buildpack, update-buildpack -i and --disable change the detected buildpack; a disabled one named with -b fails', async () => {
    await seedBinary();
    const env = await freshPlatform();
    const app = await seedApp({ Procfile: 'web: ./app\n' });
    expectOk(await bpkit(['create-buildpack', 'alpha', ALPHA, '1'], env));
    expectOk(await bpkit(['create-buildpack', 'beta', BETA, '1'], env));

    let staged = expectOk(await stagedWith(app, env));
    expect(staged.stdout).toContain('-----> beta supply');
    expect(staged.stdout).not.toContain('alpha supply');

    expectOk(await bpkit(['update-buildpack', 'alpha', '-i', '1'], env));
    staged = expectOk(await stagedWith(app, env));
    expect(staged.stdout).toContain('-----> alpha supply');
    expect(staged.stdout).not.toContain('beta supply');

    expectOk(await bpkit(['update-buildpack', 'alpha', '--disable'], env));
    staged = expectOk(await stagedWith(app, env));
    expect(staged.stdout).toContain('-----> beta supply');

    const refused = await stagedWith(app, env, '-b', 'alpha');
    expect(refused.code).not.toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).toContain("Requested buildpack(s) 'alpha' are disabled and cannot be used for staging");
  });

  it('-b takes a local git repository URL, with #branch and #tag', async () => {
    await seedBinary();
    const repo = await mkdtemp(join(tmpdir(), 'bpkit-git-buildpack-'));
    await cp(ALPHA, repo, { recursive: true });
    const git = (...args: string[]) =>
      run('git', ['-c', 'user.name=bpkit', '-c', 'user.email=bpkit@127.0.0.1', '-c', 'init.defaultBranch=main', ...args], { cwd: repo });
    const commit = async (marker: string) => {
      await writeFile(join(repo, 'marker.txt'), `${marker}\n`);
      await git('add', '-A');
      await git('commit', '-q', '-m', marker);
    };
    await git('init', '-q');
    await commit('tagged');
    await git('tag', 'v1');
    await commit('main');
    await git('checkout', '-q', '-b', 'feature');
    await commit('feature');
    await git('checkout', '-q', 'main');

    const env = await freshPlatform();
    const app = await seedApp({ Procfile: 'web: ./app\n' });
    const url = pathToFileURL(repo).href;
    for (const [ref, marker] of [['', 'main'], ['#feature', 'feature'], ['#v1', 'tagged']] as const) {
      const staged = expectOk(await stagedWith(app, env, '-b', `${url}${ref}`));
      expect(staged.stdout).toContain(`-----> alpha supply (marker: ${marker})`);
    }
  });
});
