import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBuildpack, makeStackPath, runBin } from '@bpkit/bundle';
import { buildTestManifest, packTarball, startDependencyServer, type DependencyServer } from '@bpkit/dep-server';
import { MEMORY_AVAILABLE_SH } from './runtime-environment.ts';

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const LOCKFILE_APP = join(PACKAGE_DIR, '..', '..', 'e2e', 'apps', 'node-lockfile');
let root: string;
let bp: string;
let stackPath: string;
let server: DependencyServer;

/**
 * A Node "tarball" in CF's layout built from this machine's Node and npm: bin/node is a wrapper exec'ing the
 * running Node (copying its 120 MB binary would make every test slow), lib/node_modules/npm a real npm.
 */
async function fakeNodeTarball(out: string): Promise<void> {
  const layout = join(root, 'node-layout');
  await mkdir(join(layout, 'bin'), { recursive: true });
  await writeFile(join(layout, 'bin', 'node'), `#!/bin/sh\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
  const npm = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm');
  await cp(npm, join(layout, 'lib', 'node_modules', 'npm'), { recursive: true, verbatimSymlinks: true });
  await symlink('../lib/node_modules/npm/bin/npm-cli.js', join(layout, 'bin', 'npm'));
  await packTarball(layout, out);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bpkit-node-bp-'));
  bp = join(root, 'nodejs_buildpack');
  await bundleBuildpack({ packageDir: PACKAGE_DIR, outDir: bp });
  stackPath = await makeStackPath(join(root, 'stack-bin'));
  const files = join(root, 'files');
  await mkdir(files);
  await fakeNodeTarball(join(files, 'node-20.tgz'));
  await cp(join(files, 'node-20.tgz'), join(files, 'node-22.tgz'));
  server = await startDependencyServer({ root: files });
  const manifest = await buildTestManifest({
    language: 'nodejs',
    root: files,
    baseUrl: server.url,
    dependencies: [
      { name: 'node', version: '20.99.0', file: 'node-20.tgz' },
      { name: 'node', version: '22.99.0', file: 'node-22.tgz' },
    ],
    defaultVersions: [{ name: 'node', version: '22.x' }],
  });
  await writeFile(join(bp, 'manifest.yml'), manifest);
}, 120_000);
// Removing a dozen npm trees takes a while on a loaded machine.
afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
}, 60_000);

async function script(name: string, args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await runBin(bp, name, args, { PATH: stackPath, CF_STACK: 'cflinuxfs4', BPKIT_NODE: process.execPath, HOME: root, ...env });
  return { code, stdout, stderr };
}

/** A staging layout: the app (copied from `from` or given files), a cache dir, deps/0 and profile.d. */
async function staging(app: string | Record<string, string>, cacheDir?: string) {
  const base = await mkdtemp(join(root, 'stage-'));
  if (typeof app === 'string') await cp(app, join(base, 'app'), { recursive: true });
  else {
    await mkdir(join(base, 'app'));
    for (const [name, body] of Object.entries(app)) await writeFile(join(base, 'app', name), body);
  }
  const cache = cacheDir ?? join(base, 'cache');
  await mkdir(cache, { recursive: true });
  await mkdir(join(base, 'deps', '0'), { recursive: true });
  return { base, app: join(base, 'app'), cache, args: [join(base, 'app'), cache, join(base, 'deps'), '0'] };
}

/** supply then finalize, as the builder runs a final buildpack; outputs joined. */
async function stage(s: { base: string; args: string[] }, env: Record<string, string> = {}) {
  const supplied = await script('supply', s.args, env);
  if (supplied.code !== 0) return supplied;
  const finalized = await script('finalize', [...s.args, join(s.base, 'profile.d')], env);
  return { code: finalized.code, stdout: supplied.stdout + finalized.stdout, stderr: supplied.stderr + finalized.stderr };
}

describe('detect and release (pure sh)', () => {
  it('detects package.json as `node.js <VERSION>`, anything else not at all', async () => {
    const yes = await staging({ 'package.json': '{}' });
    expect(await script('detect', [yes.app], { BPKIT_NODE: '/nonexistent' })).toEqual({ code: 0, stdout: 'node.js 1.0.0\n', stderr: '' });
    const no = await staging({ 'server.js': '' });
    expect(await script('detect', [no.app], { BPKIT_NODE: '/nonexistent' })).toMatchObject({ code: 1, stdout: '' });
  });

  it('releases `npm start` by default', async () => {
    const s = await staging({ 'package.json': '{}' });
    expect((await script('release', [s.app])).stdout).toBe('---\ndefault_process_types:\n  web: npm start\n');
  });
});

describe('supply and finalize', { timeout: 60_000 }, () => {
  it('installs Node and npm, writes the runtime environment, runs npm ci and caches node_modules; a restage reuses them', async () => {
    const first = await staging(LOCKFILE_APP);
    const cold = await stage(first);
    expect(cold.stderr).toBe('');
    expect(cold.code).toBe(0);
    expect(cold.stdout).toContain('-----> Nodejs Buildpack version 1.0.0');
    expect(cold.stdout).toContain('engines.node (package.json): 22.x');
    expect(cold.stdout).toContain('-----> Installing node 22.99.0\n       Chosen by engines.node (package.json): 22.x\n');
    expect(cold.stdout).toContain('-----> Installing node 22.99.0');
    expect(cold.stdout).toContain('Installing node modules (package-lock.json)');
    expect(cold.stdout).toContain('Skipping cache restore (no previous cache)');
    expect(await readlink(join(first.base, 'deps/0/bin/node'))).toBe('../node/bin/node');
    // Straight to the file, never link to link: node-tar (the local platform's droplet extractor) drops those.
    expect(await readlink(join(first.base, 'deps/0/bin/npm'))).toBe('../node/lib/node_modules/npm/bin/npm-cli.js');
    expect(await readlink(join(first.app, 'node_modules/greeting'))).toBe('../greeting');
    const env = async (name: string) => readFile(join(first.base, 'deps/0/env', name), 'utf8');
    expect(await env('NODE_ENV')).toBe('production');
    expect(await env('NPM_CONFIG_PRODUCTION')).toBe('true');
    expect(await env('WEB_MEMORY')).toBe('512');
    expect(await env('WEB_CONCURRENCY')).toBe('1');
    expect(await env('NODE_HOME')).toBe(join(first.base, 'deps/0/node'));
    expect(await readFile(join(first.base, 'deps/0/profile.d/node.sh'), 'utf8')).toContain('export NODE_HOME="$DEPS_DIR/0/node"');
    expect(await readFile(join(first.base, 'deps/0/config.yml'), 'utf8')).toContain('NodeVersion: 22.99.0');

    const second = await staging(LOCKFILE_APP, first.cache);
    const warm = await stage(second);
    expect(warm.code).toBe(0);
    expect(warm.stdout).toContain('- node_modules (lockfile unchanged)');
    expect(warm.stdout).toContain('Skipping install: node_modules restored from cache matches package-lock.json');
    expect(warm.stdout).not.toContain('Download [');
    expect(await readlink(join(second.app, 'node_modules/greeting'))).toBe('../greeting');

    // A changed lockfile restores node_modules as a start but installs again.
    const third = await staging(LOCKFILE_APP, first.cache);
    const lock = JSON.parse(await readFile(join(third.app, 'package-lock.json'), 'utf8')) as { version: string };
    lock.version = '1.0.1';
    await writeFile(join(third.app, 'package-lock.json'), JSON.stringify(lock));
    const changed = await stage(third);
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain('       - node_modules\n');
    expect(changed.stdout).toContain('Installing node modules (package-lock.json)');
  });

  it('chooses by .nvmrc and warns; keeps user-set env vars', async () => {
    const s = await staging({ 'package.json': '{"scripts":{"start":"node server.js"}}', '.nvmrc': 'v20\n' });
    const out = await stage(s, { NODE_ENV: 'staging' });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('-----> Installing node 20.99.0\n       Chosen by .nvmrc: v20\n');
    expect(out.stdout).toContain('Using the node version specified in your .nvmrc');
    expect(out.stdout).toContain('Installing node modules (package.json)');
    expect(out.stdout).toContain("npm scripts will see NODE_ENV=production (not 'staging')");
    await expect(readFile(join(s.base, 'deps/0/env/NODE_ENV'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('runs heroku-prebuild, build and heroku-postbuild in order', async () => {
    const scripts = {
      'heroku-prebuild': 'echo pre >> order.txt',
      build: 'echo build >> order.txt',
      'heroku-postbuild': 'echo post >> order.txt',
    };
    const s = await staging({ 'package.json': JSON.stringify({ engines: { node: '20.x' }, scripts }) });
    const out = await stage(s);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Running heroku-prebuild (npm)');
    expect(await readFile(join(s.app, 'order.txt'), 'utf8')).toBe('pre\nbuild\npost\n');
  });

  it('fails an unsatisfiable engines range with **ERROR** and the available versions', async () => {
    const s = await staging({ 'package.json': '{"engines":{"node":">=99"}}' });
    const out = await script('supply', s.args);
    expect(out.code).toBe(14);
    expect(out.stdout).toContain('**ERROR**\x1b[0m Unable to install node: no match found for >=99 (engines.node (package.json)) in [20.99.0 22.99.0]');
  });
});

describe('packageManager on a Node without Corepack', { timeout: 60_000 }, () => {
  it('a pinned pnpm the manifest lacks fails with **ERROR**, the versions there and what to do', async () => {
    const s = await staging({ 'package.json': '{"packageManager":"pnpm@9.9.9+sha512.abc"}', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    const out = await script('supply', s.args);
    expect(out.code).toBe(14);
    expect(out.stdout).toContain('**ERROR**\x1b[0m Unable to install pnpm: no match found for 9.9.9 (packageManager (package.json)) in []');
    expect(out.stdout).toContain("This Node.js has no Corepack to fetch pnpm 9.9.9 (Node.js 25 no longer bundles it): set packageManager to a version listed, or add pnpm 9.9.9 to the buildpack's manifest.yml.");
  });
});

describe('workspace members (NODE_PROJECT_PATH)', { timeout: 60_000 }, () => {
  it('npm workspaces: installs the member\'s closure at the root, prunes the other members, starts in the member', async () => {
    const s = await staging({ 'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }) });
    const write = async (path: string, body: string) => {
      await mkdir(join(s.app, dirname(path)), { recursive: true });
      await writeFile(join(s.app, path), body);
    };
    await write('packages/api/package.json', JSON.stringify({ name: 'api', version: '1.0.0', scripts: { start: 'node server.js', build: 'node -e "require(\'lib\')" && echo built > built.txt' }, dependencies: { lib: '1.0.0' } }));
    await write('packages/lib/package.json', JSON.stringify({ name: 'lib', version: '1.0.0' }));
    await write('packages/lib/index.js', 'module.exports = 1;\n');
    await write('packages/admin/package.json', JSON.stringify({ name: 'admin', version: '1.0.0', dependencies: { lib: '1.0.0' } }));
    await run('npm', ['install', '--package-lock-only', '--offline', '--no-audit', '--no-fund'], { cwd: s.app });
    const out = await stage(s, { NODE_PROJECT_PATH: 'packages/api' });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Installing node modules (package-lock.json, workspace member packages/api)');
    expect(out.stdout).toContain('Running build (npm)');
    expect(await readFile(join(s.app, 'packages/api/built.txt'), 'utf8')).toBe('built\n');
    expect(await readlink(join(s.app, 'node_modules/lib'))).toBe('../packages/lib');
    await expect(readFile(join(s.app, 'packages/admin/package.json'))).rejects.toThrow(/ENOENT/);
    expect((await script('release', [s.app])).stdout).toBe('---\ndefault_process_types:\n  web: cd packages/api && npm start\n');
  });

  it('a NODE_PROJECT_PATH without a package.json fails before anything is installed', async () => {
    const s = await staging({ 'package.json': '{}' });
    const out = await script('supply', s.args, { NODE_PROJECT_PATH: 'apps/web' });
    expect(out.code).toBe(14);
    expect(out.stdout).toContain('**ERROR**\x1b[0m NODE_PROJECT_PATH=apps/web: no package.json at apps/web in the pushed directory');
  });
});

describe('finalize', { timeout: 60_000 }, () => {
  it('warns when nothing starts a node process, and keeps `npm start`', async () => {
    const s = await staging({ 'package.json': '{}' });
    const out = await stage(s);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('**WARNING**\x1b[0m This app may not specify any way to start a node process');
    expect((await script('release', [s.app])).stdout).toBe('---\ndefault_process_types:\n  web: npm start\n');
  });

  it('does not warn for scripts.start, server.js or a Procfile', async () => {
    const cases: Array<Record<string, string>> = [{ 'package.json': '{"scripts":{"start":"node a.js"}}' }, { 'package.json': '{}', 'server.js': '' }, { 'package.json': '{}', Procfile: 'web: node a.js\n' }];
    for (const files of cases) {
      const s = await staging(files);
      const out = await stage(s);
      expect(out.code).toBe(0);
      expect(out.stdout).not.toContain('This app may not specify');
    }
  });

  it('with OPTIMIZE_MEMORY=true releases NODE_OPTIONS sized at 75% of MEMORY_AVAILABLE', async () => {
    const s = await staging({ 'package.json': '{"scripts":{"start":"node a.js"}}' });
    expect((await stage(s, { OPTIMIZE_MEMORY: 'true' })).code).toBe(0);
    const release = (await script('release', [s.app])).stdout;
    expect(release).toBe('---\ndefault_process_types:\n  web: NODE_OPTIONS="--max_old_space_size=$(( $MEMORY_AVAILABLE * 75 / 100 ))" npm start\n');
    const web = /web: (.*)\n/.exec(release)?.[1];
    const shown = await run('bash', ['-c', web!.replace('npm start', `sh -c 'echo "$NODE_OPTIONS"'`)], { env: { MEMORY_AVAILABLE: '1024' } });
    expect(shown.stdout).toBe('--max_old_space_size=768\n');
  });
});

describe('profile.d MEMORY_AVAILABLE without jq', () => {
  const VCAP = '{"application_id":"x","limits":{"fds":16384,"mem": 1024,"disk":2048},"name":"app","memory":"nope"}';
  for (const shell of ['sh', 'bash']) {
    it(`reads limits.mem from VCAP_APPLICATION in ${shell}`, async () => {
      const probe = `${MEMORY_AVAILABLE_SH}printf '%s' "\${MEMORY_AVAILABLE:-unset}"`;
      const read = async (env: Record<string, string>) => (await run(shell, ['-c', probe], { env })).stdout;
      expect(await read({ VCAP_APPLICATION: VCAP })).toBe('1024');
      expect(await read({ VCAP_APPLICATION: '{"limits":{"mem":256}}' })).toBe('256');
      expect(await read({ VCAP_APPLICATION: '{"name":"no limits"}' })).toBe('unset');
      expect(await read({})).toBe('unset');
      expect(await read({ VCAP_APPLICATION: VCAP, MEMORY_AVAILABLE: '64' })).toBe('64');
    });
  }
});
