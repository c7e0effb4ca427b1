import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTestManifest } from '@bpkit/dep-server';
import { exists } from '@bpkit/fs';
import { okBody } from './app-http.ts';
import { bpkit, RunningApps } from './bpkit.ts';
import { E2E_CACHE } from './e2e-cache.ts';
import { NODE_22, type NodeRuntimes, nodeRuntimes } from './node-toolchain.ts';
import { type TestPlatform, testPlatform } from './test-platform.ts';

const run = promisify(execFile);

/** The package-manager releases the test manifest lists, packed from the npm registry as the real manifest's entries are. */
const PNPM_9 = '9.15.9';
const PNPM_10 = '10.34.9';
const YARN_4 = '4.18.1';
const YARN_1 = '1.22.22';

/** Staging must not reach a registry: every one the package managers read points at a closed loopback port. */
const NO_REGISTRY = ['-e', 'npm_config_registry=http://127.0.0.1:9/', '-e', 'YARN_NPM_REGISTRY_SERVER=http://127.0.0.1:9'];

/**
 * `npm pack <spec>` into the directory the Node runtimes are served from (once per version): the npm registry's
 * own tarball, which is what the buildpack's manifest entries for pnpm and Yarn 2+ point at.
 */
async function packTool(spec: string, file: string): Promise<string> {
  const packs = join(E2E_CACHE, 'node', 'packs');
  await mkdir(packs, { recursive: true });
  if (!(await exists(join(packs, file)))) await run('npm', ['pack', '--silent', '--pack-destination', packs, spec]);
  return join(packs, file);
}

/** The tool unpacked, for writing the test apps' lockfiles the way their authors would. */
async function unpackTool(tarball: string, name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `bpkit-${name}-`));
  await run('tar', ['-xzf', tarball, '-C', dir]);
  return join(dir, 'package');
}

async function writeTree(root: string, files: Record<string, string | object>): Promise<void> {
  for (const [path, body] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), typeof body === 'string' ? body : JSON.stringify(body, null, 2) + '\n');
  }
}

/**
 * A monorepo with the app `packages/api`, which imports `@shop/greeting`, which imports `@shop/words`; and
 * `packages/admin`, which the app does not need. Only workspace-local packages: installs need no registry.
 * `spec` is how a member names a sibling (`1.0.0` for npm, `workspace:*` for pnpm and Yarn).
 */
function monorepo(spec: string, root: object): Record<string, string | object> {
  return {
    'package.json': { name: 'shop', private: true, ...root },
    'packages/api/package.json': { name: 'api', version: '1.0.0', private: true, engines: { node: '22.x' }, scripts: { start: 'node server.js' }, dependencies: { '@shop/greeting': spec } },
    'packages/api/server.js':
      "const { greet } = require('@shop/greeting');\n" +
      "require('node:http').createServer((req, res) => res.end(`${greet('api')} on ${process.version}`)).listen(process.env.PORT);\n",
    'packages/greeting/package.json': { name: '@shop/greeting', version: '1.0.0', main: 'index.js', dependencies: { '@shop/words': spec } },
    'packages/greeting/index.js': "const { word } = require('@shop/words');\nexports.greet = (who) => `${word()} from ${who}`;\n",
    'packages/words/package.json': { name: '@shop/words', version: '1.0.0', main: 'index.js' },
    'packages/words/index.js': "exports.word = () => 'hello';\n",
    'packages/admin/package.json': { name: 'admin', version: '1.0.0', private: true, dependencies: { '@shop/greeting': spec } },
    'packages/admin/index.js': "require('@shop/greeting');\n",
  };
}

describe('Node.js workspace members through the nodejs buildpack (NODE_PROJECT_PATH)', () => {
  let runtimes: NodeRuntimes;
  let platform: TestPlatform;
  let pnpm9: string;
  let pnpm10: string;
  let yarn4: string;
  let yarn1: string;
  const running = new RunningApps();

  beforeAll(async () => {
    runtimes = await nodeRuntimes([NODE_22]);
    const tarballs = {
      pnpm9: await packTool(`pnpm@${PNPM_9}`, `pnpm-${PNPM_9}.tgz`),
      pnpm10: await packTool(`pnpm@${PNPM_10}`, `pnpm-${PNPM_10}.tgz`),
      yarn4: await packTool(`@yarnpkg/cli-dist@${YARN_4}`, `yarnpkg-cli-dist-${YARN_4}.tgz`),
      yarn1: await packTool(`yarn@${YARN_1}`, `yarn-${YARN_1}.tgz`),
    };
    [pnpm9, pnpm10, yarn4, yarn1] = await Promise.all([
      unpackTool(tarballs.pnpm9, 'pnpm9'),
      unpackTool(tarballs.pnpm10, 'pnpm10'),
      unpackTool(tarballs.yarn4, 'yarn4'),
      unpackTool(tarballs.yarn1, 'yarn1'),
    ]);
    const root = join(E2E_CACHE, 'node');
    const manifest = await buildTestManifest({
      language: 'nodejs',
      root,
      baseUrl: runtimes.server.url,
      dependencies: [
        { name: 'node', version: NODE_22, file: (runtimes.tarballs[NODE_22] as string).slice(root.length + 1) },
        { name: 'pnpm', version: PNPM_9, file: `packs/pnpm-${PNPM_9}.tgz` },
        { name: 'pnpm', version: PNPM_10, file: `packs/pnpm-${PNPM_10}.tgz` },
        { name: 'yarn', version: YARN_1, file: `packs/yarn-${YARN_1}.tgz` },
        { name: 'yarn', version: YARN_4, file: `packs/yarnpkg-cli-dist-${YARN_4}.tgz` },
      ],
      defaultVersions: [{ name: 'node', version: '22.x' }],
    });
    platform = await testPlatform({ manifests: { node: manifest }, only: ['node'] });
  }, 300_000);
  afterEach(() => running.stopAll());
  afterAll(async () => {
    await runtimes?.server.close();
  });

  async function dropletListing(name: string): Promise<string[]> {
    const droplet = join(platform.env['BPKIT_HOME'] as string, 'apps', name, 'droplet.tgz');
    return (await run('tar', ['-tzf', droplet], { maxBuffer: 64 << 20 })).stdout.split('\n').filter(Boolean);
  }

  /** The member and the two packages it imports are in the droplet; the unrelated member is not, nor a link to it. */
  function expectOnlyTheClosure(listing: string[]): void {
    expect(listing).toContain('./app/packages/api/server.js');
    expect(listing).toContain('./app/packages/greeting/index.js');
    expect(listing).toContain('./app/packages/words/index.js');
    expect(listing.filter((e) => /packages\/admin|node_modules\/admin\b/.test(e))).toEqual([]);
  }

  it('an npm-workspaces member that imports a sibling package answers, and the droplet holds only its closure', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'bpkit-npm-ws-')), 'shop');
    await writeTree(dir, monorepo('1.0.0', { workspaces: ['packages/*'] }));
    await run('npm', ['install', '--package-lock-only', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir });

    const app = await running.push([dir, '--name', 'npm-ws', '-e', 'NODE_PROJECT_PATH=packages/api', ...NO_REGISTRY], platform.env);
    expect(await okBody(app.url)).toBe(`hello from api on v${NODE_22}`);
    const out = app.output();
    expect(out).toContain('NODE_PROJECT_PATH=packages/api: member packages/api of the workspace at . (package.json workspaces: packages/admin, packages/api, packages/greeting, packages/words)');
    expect(out).toContain('Installing node modules (package-lock.json, workspace member packages/api)');
    expect(out).toContain('Kept: packages/api, packages/greeting, packages/words');
    expect(out).toContain('Removed: packages/admin');
    expect(out).toMatch(/start command:\s+cd packages\/api && npm start/);
    expectOnlyTheClosure(await dropletListing('npm-ws'));
  });

  it(`a pnpm workspace member using workspace:* installs with pnpm ${PNPM_10} from the manifest, filtered to its closure`, async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'bpkit-pnpm-ws-')), 'shop');
    await writeTree(dir, { ...monorepo('workspace:*', { packageManager: `pnpm@${PNPM_10}` }), 'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n' });
    await run(process.execPath, [join(pnpm10, 'bin', 'pnpm.cjs'), 'install', '--lockfile-only', '--offline'], { cwd: dir });

    const app = await running.push([dir, '--name', 'pnpm-ws', '-e', 'NODE_PROJECT_PATH=packages/api', ...NO_REGISTRY], platform.env);
    expect(await okBody(app.url)).toBe(`hello from api on v${NODE_22}`);
    const out = app.output();
    expect(out).toContain('(pnpm-workspace.yaml: packages/admin, packages/api, packages/greeting, packages/words)');
    expect(out).toContain(`Installed pnpm ${PNPM_10}`);
    expect(out).toContain('Installing node modules (pnpm-lock.yaml, workspace member packages/api)');
    expect(out).toContain('Removed: packages/admin');
    const listing = await dropletListing('pnpm-ws');
    expectOnlyTheClosure(listing);
    // pnpm links the siblings into the member: the droplet runs them from their own directories.
    expect(listing).toContain('./app/packages/api/node_modules/@shop/greeting');

    // A restage starts from the cached node_modules, which holds the root's tree only: the install runs again
    // and relinks the members.
    await running.stopAll();
    const again = await running.push([dir, '--name', 'pnpm-ws', '-e', 'NODE_PROJECT_PATH=packages/api', ...NO_REGISTRY], platform.env);
    expect(await okBody(again.url)).toBe(`hello from api on v${NODE_22}`);
    expect(again.output()).toContain('Installing node modules (pnpm-lock.yaml, workspace member packages/api)');
    expectOnlyTheClosure(await dropletListing('pnpm-ws'));
  });

  it('a pnpm monorepo with no package.json at its root is detected by the member NODE_PROJECT_PATH names', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'bpkit-pnpm-bare-')), 'shop');
    const { 'package.json': _root, ...members } = monorepo('workspace:*', {});
    await writeTree(dir, { ...members, 'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n' });
    await run(process.execPath, [join(pnpm10, 'bin', 'pnpm.cjs'), 'install', '--lockfile-only', '--offline'], { cwd: dir });

    const app = await running.push([dir, '--name', 'pnpm-bare', '-e', 'NODE_PROJECT_PATH=packages/api', ...NO_REGISTRY], platform.env);
    expect(await okBody(app.url)).toBe(`hello from api on v${NODE_22}`);
    expect(app.output()).toContain('Installing node modules (pnpm-lock.yaml, workspace member packages/api)');
    expectOnlyTheClosure(await dropletListing('pnpm-bare'));
  });

  it(`a Yarn Berry workspace member (yarn ${YARN_4} from the manifest, object-form workspaces) is focused on its closure`, async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'bpkit-yarn-ws-')), 'shop');
    await writeTree(dir, {
      ...monorepo('workspace:*', { workspaces: { packages: ['packages/*'] }, packageManager: `yarn@${YARN_4}` }),
      '.yarnrc.yml': 'nodeLinker: node-modules\nenableTelemetry: false\n',
    });
    await run(process.execPath, [join(yarn4, 'bin', 'yarn.js'), 'install', '--mode=update-lockfile'], {
      cwd: dir,
      env: { ...process.env, YARN_ENABLE_TELEMETRY: '0', YARN_GLOBAL_FOLDER: join(dir, '..', 'yarn-global'), YARN_NPM_REGISTRY_SERVER: 'http://127.0.0.1:9' },
    });

    const app = await running.push([dir, '--name', 'yarn-ws', '-e', 'NODE_PROJECT_PATH=packages/api', ...NO_REGISTRY], platform.env);
    expect(await okBody(app.url)).toBe(`hello from api on v${NODE_22}`);
    const out = app.output();
    expect(out).toContain(`Installed yarn ${YARN_4}`);
    expect(out).not.toContain('corepack');
    expect(out).toContain('Installing node modules (yarn.lock, workspace member packages/api)');
    expect(out).toContain('Removed: packages/admin');
    expectOnlyTheClosure(await dropletListing('yarn-ws'));
  });

  it("a Yarn Berry Plug'n'Play member starts with Yarn's resolver required: no node_modules in the droplet", async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'bpkit-yarn-pnp-')), 'shop');
    await writeTree(dir, { ...monorepo('workspace:*', { workspaces: ['packages/*'], packageManager: `yarn@${YARN_4}` }), '.yarnrc.yml': 'enableTelemetry: false\n' });
    await run(process.execPath, [join(yarn4, 'bin', 'yarn.js'), 'install', '--mode=update-lockfile'], {
      cwd: dir,
      env: { ...process.env, YARN_ENABLE_TELEMETRY: '0', YARN_GLOBAL_FOLDER: join(dir, '..', 'yarn-global'), YARN_NPM_REGISTRY_SERVER: 'http://127.0.0.1:9' },
    });

    const app = await running.push([dir, '--name', 'yarn-pnp', '-e', 'NODE_PROJECT_PATH=packages/api', ...NO_REGISTRY], platform.env);
    expect(await okBody(app.url)).toBe(`hello from api on v${NODE_22}`);
    expect(app.output()).toMatch(/start command:\s+cd packages\/api && NODE_OPTIONS="--require \$HOME\/\.pnp\.cjs \$\{NODE_OPTIONS:-\}" npm start/);
    const listing = await dropletListing('yarn-pnp');
    expectOnlyTheClosure(listing);
    expect(listing).toContain('./app/.pnp.cjs');
    expect(listing.filter((e) => e.startsWith('./app/') && e.includes('node_modules'))).toEqual([]);
  });

  it(`a Yarn classic workspace member (yarn ${YARN_1}, which installs every member) is pruned to its closure after the install`, async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'bpkit-yarn1-ws-')), 'shop');
    await writeTree(dir, monorepo('1.0.0', { workspaces: { packages: ['packages/*'], nohoist: [] } }));
    await run(process.execPath, [join(yarn1, 'bin', 'yarn.js'), 'install', '--offline', '--ignore-scripts', '--ignore-engines', '--non-interactive'], { cwd: dir });
    await rm(join(dir, 'node_modules'), { recursive: true, force: true });

    const app = await running.push([dir, '--name', 'yarn1-ws', '-e', 'NODE_PROJECT_PATH=packages/api', ...NO_REGISTRY], platform.env);
    expect(await okBody(app.url)).toBe(`hello from api on v${NODE_22}`);
    const out = app.output();
    expect(out).toContain(`Installed yarn ${YARN_1}`);
    expect(out).toContain('Removed: packages/admin');
    // Yarn classic linked every member into node_modules: the links to the ones the app does not need go too.
    expect(out).toMatch(/Removed \d+ node_modules entries only other members need/);
    expectOnlyTheClosure(await dropletListing('yarn1-ws'));
  });

  it('a member pushed on its own (path: into the monorepo) with workspace: dependencies fails saying what to push', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'bpkit-lone-')), 'api');
    const files = monorepo('workspace:*', {});
    await writeTree(dir, { 'package.json': files['packages/api/package.json'] as object, 'server.js': files['packages/api/server.js'] as string });
    const failed = await bpkit(['push', dir, '--name', 'lone-member', ...NO_REGISTRY], platform.env);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toContain(
      '**ERROR**\x1b[0m package.json depends on workspace packages: @shop/greeting (workspace:*), but no workspace root listing it was pushed.',
    );
    expect(failed.stdout).toContain('Push the monorepo\'s root with NODE_PROJECT_PATH set to this package\'s directory');
  });

  it(`packageManager: pnpm@${PNPM_9} on a Node without Corepack installs exactly that pnpm; a version the manifest lacks fails listing what exists`, async () => {
    // The test runtimes are node + npm only, as Node 25 is: no Corepack to fall back on.
    const runtime = (await run('tar', ['-tzf', runtimes.tarballs[NODE_22] as string], { maxBuffer: 64 << 20 })).stdout;
    expect(runtime).not.toContain('corepack');
    const dir = join(await mkdtemp(join(tmpdir(), 'bpkit-pnpm-pin-')), 'pinned');
    await writeTree(dir, {
      'package.json': { name: 'pinned', version: '1.0.0', private: true, packageManager: `pnpm@${PNPM_9}`, scripts: { start: 'node server.js' } },
      'server.js': "require('node:http').createServer((req, res) => res.end(`pinned on ${process.version}`)).listen(process.env.PORT);\n",
    });
    await run(process.execPath, [join(pnpm9, 'bin', 'pnpm.cjs'), 'install', '--lockfile-only', '--offline'], { cwd: dir });

    const app = await running.push([dir, '--name', 'pnpm-pin', ...NO_REGISTRY], platform.env);
    expect(await okBody(app.url)).toBe(`pinned on v${NODE_22}`);
    const out = app.output();
    // 9.15.9 although the manifest's highest pnpm is 10.34.9: packageManager is exact.
    expect(out).toContain(`-----> Installing pnpm ${PNPM_9}`);
    expect(out).toContain(`Installed pnpm ${PNPM_9}`);
    expect(out).not.toContain('corepack');
    expect(out).toContain('Installing node modules (pnpm-lock.yaml)');

    await writeTree(dir, { 'package.json': { name: 'pinned', version: '1.0.0', private: true, packageManager: 'pnpm@8.15.9', scripts: { start: 'node server.js' } } });
    const failed = await bpkit(['push', dir, '--name', 'pnpm-missing', ...NO_REGISTRY], platform.env);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toContain(`**ERROR**\x1b[0m Unable to install pnpm: no match found for 8.15.9 (packageManager (package.json)) in [${PNPM_9} ${PNPM_10}]`);
    expect(failed.stdout).toContain('This Node.js has no Corepack to fetch pnpm 8.15.9');
    expect(failed.stdout).toContain('Failed to run all supply scripts: exit status 14');
  });
});
