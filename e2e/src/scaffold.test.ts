// bpkit new end to end: a buildpack scaffolded into a temporary copy of the workspace installs, builds,
// passes its own tests and the conformance kit, packages as a cached zip, registers with
// create-buildpack and serves the sample app it detects, with no Node.js lent to its bootstrap.
import { E2E_CACHE } from './e2e-cache.ts';
import { spawn } from 'node:child_process';
import { chmod, copyFile, cp, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type DependencyServer, buildTestManifest, packTarball, startDependencyServer } from '@bpkit/dep-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Finished, type PushedApp, bpkit, pushApp } from './bpkit.ts';
import { httpGet } from './app-http.ts';
import { REPO_ROOT } from './workspace.ts';

const NAME = 'greeter';
const NODE_VERSION = process.versions.node;
// Never copied: installed packages, VCS data and build outputs (the copy builds its own).
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const SKIPPED = new Set(['node_modules', '.git', '.turbo', 'build', 'dist', 'out', 'test-results.json']);

function expectOk(result: Finished, what: string): Finished {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** Runs a command in the workspace copy (pnpm, vitest); resolves with its output whatever the exit code. */
function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    // Colours off the summary lines the assertions read.
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: stdout.replace(ANSI, ''), stderr: stderr.replace(ANSI, '') }));
  });
}

/** This machine's Node.js packed as nodejs.org does (node-v<v>-linux-x64/bin/node), built once per version. */
async function nodeTarball(): Promise<string> {
  const cache = E2E_CACHE;
  const target = join(cache, `node-v${NODE_VERSION}-linux-x64.tgz`);
  if ((await stat(target).catch(() => undefined))?.isFile()) return target;
  await mkdir(cache, { recursive: true });
  const work = await mkdtemp(join(cache, '.node-'));
  const bin = join(work, 'tree', `node-v${NODE_VERSION}-linux-x64`, 'bin');
  await mkdir(bin, { recursive: true });
  await copyFile(process.execPath, join(bin, 'node'));
  await chmod(join(bin, 'node'), 0o755);
  await packTarball(join(work, 'tree'), join(work, 'node.tgz'));
  await rename(join(work, 'node.tgz'), target);
  await rm(work, { recursive: true, force: true });
  return target;
}

describe(`bpkit new ${NAME}: scaffold, build, test, package, create-buildpack, push`, () => {
  let work: string;
  let workspace: string;
  let server: DependencyServer;
  let app: PushedApp | undefined;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'bpkit-scaffold-'));
    workspace = join(work, 'workspace');
    await cp(REPO_ROOT, workspace, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => !SKIPPED.has(basename(src)) && !src.endsWith('.zip'),
    });
    const served = join(work, 'served');
    await mkdir(join(served, 'node'), { recursive: true });
    await copyFile(await nodeTarball(), join(served, 'node', `node-v${NODE_VERSION}-linux-x64.tgz`));
    server = await startDependencyServer({ root: served });
  });

  afterAll(async () => {
    await app?.stop();
    await server?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('scaffolds a package that installs, builds, typechecks, passes its tests and the conformance kit, and serves its sample app', async () => {
    // 1. bpkit new, into the copy (never the real workspace).
    const created = expectOk(await bpkit(['new', NAME, '--workspace', workspace], process.env), 'bpkit new');
    expect(created.stdout).toContain(`Creating buildpack ${NAME} in ${join(workspace, 'buildpacks', NAME)}...`);
    expect(created.stdout).toContain(`created buildpacks/${NAME}/src/supply.ts`);
    expect(created.stdout).toContain(`created e2e/apps/${NAME}-sample/${NAME}.txt`);
    expect(created.stdout).toMatch(/Next steps:\n(?:.*\n)*\s+pnpm install\n/);
    const refused = await bpkit(['new', NAME, '--workspace', workspace], process.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Buildpack ${NAME} already exists`);
    const manifest = await readFile(join(workspace, 'buildpacks', NAME, 'manifest.yml'), 'utf8');
    expect(manifest).toMatch(new RegExp(`^---\\nlanguage: ${NAME}\\n`));
    // The bootstrap's node entry, copied from the workspace buildpack the manifest names.
    const from = /^# Copied from (buildpacks\/[a-z0-9-]+\/manifest\.yml) by/m.exec(manifest)?.[1];
    expect(from).toBeDefined();
    const sourceNode = (await readFile(join(REPO_ROOT, from!), 'utf8')).match(/^- name: node\n(?: {2}.*\n)+/m)?.[0];
    expect(sourceNode).toBeDefined();
    expect(manifest).toContain(sourceNode);

    // 2. pnpm install (the store when it has the packages, the registry when the machine is cold), build, typecheck, unit tests.
    expectOk(await sh('pnpm', ['install', '--prefer-offline', '--frozen-lockfile=false'], workspace), 'pnpm install');
    const pkg = `@bpkit/${NAME}-buildpack`;
    expectOk(await sh('pnpm', ['--filter', pkg, 'build'], workspace), 'pnpm build');
    expect((await stat(join(workspace, 'buildpacks', NAME, 'build', 'bin', 'supply'))).mode & 0o777).toBe(0o755);
    expectOk(await sh('pnpm', ['--filter', pkg, 'typecheck'], workspace), 'pnpm typecheck');
    const tests = expectOk(await sh('pnpm', ['--filter', pkg, 'test'], workspace), 'pnpm test');
    expect(tests.stdout).toMatch(/Tests\s+\S*5 passed/);

    // 3. The conformance kit, which finds the new buildpack on its own.
    const kit = expectOk(
      await sh('pnpm', ['--filter', '@bpkit/conformance', 'exec', 'vitest', 'run', 'src/conformance.test.ts', '-t', `buildpacks/'${NAME}'`], workspace),
      'the conformance kit',
    );
    expect(kit.stdout).toMatch(/Tests\s+\S*16 passed/);

    // 4. Package: uncached with the committed manifest; cached against the loopback server (this machine
    //    has no internet for buildpacks.cloudfoundry.org), so the zip vendors this machine's Node.js.
    const env = { ...process.env, BPKIT_SYSTEM_BUILDPACKS: join(workspace, 'buildpacks') };
    const out = join(work, 'zips');
    const uncached = expectOk(await bpkit(['package', NAME, '-o', out], env), 'bpkit package');
    expect(uncached.stdout).toContain(`uncached buildpack created and saved as ${join(out, `${NAME}_buildpack-v0.1.0.zip`)}`);
    const testManifest = join(work, 'manifest.yml');
    await writeFile(
      testManifest,
      await buildTestManifest({
        language: NAME,
        root: join(work, 'served'),
        baseUrl: server.url,
        dependencies: [{ name: 'node', version: NODE_VERSION, file: `node/node-v${NODE_VERSION}-linux-x64.tgz` }],
        defaultVersions: [{ name: 'node', version: `${NODE_VERSION.split('.')[0]}.x` }],
        extraYaml: manifest.slice(manifest.indexOf('include_files:')),
      }),
    );
    const cached = expectOk(
      await bpkit(['package', NAME, '--cached', '-o', out, '--use-custom-manifest', testManifest, '--cache-dir', join(work, 'download-cache')], env),
      'bpkit package --cached',
    );
    const zip = join(out, `${NAME}_buildpack-cached-v0.1.0.zip`);
    expect(cached.stdout).toContain(`cached buildpack created and saved as ${zip}`);

    // 5. A fresh platform with no other buildpacks and no Node.js for bootstraps: create-buildpack, push
    //    without -b (detect picks it), and the app answers.
    const home = join(work, 'home');
    const none = join(work, 'no-system-buildpacks');
    await mkdir(none, { recursive: true });
    const platform = { ...process.env, BPKIT_HOME: home, BPKIT_SYSTEM_BUILDPACKS: none, BPKIT_NODE: 'none' };
    expectOk(await bpkit(['create-buildpack', `${NAME}_buildpack`, zip, '1'], platform), 'bpkit create-buildpack');
    const requests = server.requests.length;
    const sample = join(workspace, 'e2e', 'apps', `${NAME}-sample`);
    app = await pushApp([sample, '-e', `BPKIT_NODE_CACHE=${join(work, 'node-cache')}`], platform);
    const res = await httpGet(app.url);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`Served by the ${NAME} buildpack`);
    const output = app.output();
    expect(output).toContain('-----> Greeter Buildpack version 0.1.0');
    expect(output).toContain(`Hello from the ${NAME} sample app`);
    expect(output).toContain(`-----> Installing node ${NODE_VERSION}\n          Chosen by the manifest default:`);
    expect(output).toContain('Copy [');
    expect(server.requests.length).toBe(requests);
  });
});
