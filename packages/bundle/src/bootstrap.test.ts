import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRuntimeScript } from '@bpkit/node-runtime';
import { nodePhaseScript } from './phase-scripts.ts';
import { makeStackPath } from './stack-path.ts';

const BOOTSTRAP_SH = new URL('../sh/bootstrap.sh', import.meta.url);
const ERROR = '       \x1b[31;1m**ERROR**\x1b[0m';

let root: string;
let stackPath: string;
let server: Server;
let baseUrl: string;
/** Files the test HTTP server serves, by request path. */
const served = new Map<string, { body: Buffer; requireAuth?: string; failures?: number }>();
const requests: { path: string; authorization: string | undefined }[] = [];
/** The machine's own node packed like CF's node tarballs (./bin/node at the top). */
let realTarball: { body: Buffer; sha256: string };
/** A tiny tarball whose bin/node is a script, packed like nodejs.org's (node-v…-linux-x64/bin/node). */
let fakeTarball: { body: Buffer; sha256: string };
let counter = 0;

const sha256 = (body: Buffer) => createHash('sha256').update(body).digest('hex');

async function packTarball(dir: string, name: string): Promise<{ body: Buffer; sha256: string }> {
  const file = join(root, name);
  await promisify(execFile)('sh', ['-c', 'tar -C "$1" -cf - . | gzip -1 > "$2"', 'sh', dir, file]);
  const body = await readFile(file);
  return { body, sha256: sha256(body) };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bpkit-bootstrap-'));
  stackPath = await makeStackPath(join(root, 'stack-bin'));

  await mkdir(join(root, 'real/bin'), { recursive: true });
  await copyFile(process.execPath, join(root, 'real/bin/node'));
  realTarball = await packTarball(join(root, 'real'), 'real.tgz');

  const fakeBin = join(root, 'fake/node-v22.19.0-linux-x64/bin');
  await mkdir(fakeBin, { recursive: true });
  await writeFile(join(fakeBin, 'node'), '#!/bin/sh\n[ "$1" = --version ] && { echo v22.19.0; exit 0; }\necho "downloaded-fake-node $*"\n');
  await chmod(join(fakeBin, 'node'), 0o755);
  fakeTarball = await packTarball(join(root, 'fake'), 'fake.tgz');

  server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
    const file = served.get(req.url ?? '');
    if (!file) return void res.writeHead(404).end('not found');
    if (file.requireAuth && req.headers.authorization !== file.requireAuth) return void res.writeHead(401).end();
    if (file.failures) {
      file.failures -= 1;
      return void res.writeHead(503).end('try again');
    }
    res.writeHead(200, { 'content-length': file.body.length }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

interface Layout {
  /** manifest.yml text lib/node-runtime is generated from. */
  manifest?: string;
  /** Put a fake runtime at vendor/node/bin/node. */
  vendored?: boolean;
  /** Extra files inside the buildpack. */
  files?: Record<string, Buffer>;
  /** bin/detect style: log on stderr. */
  detect?: boolean;
}

/** A buildpack whose bin/supply runs lib/supply.cjs, which reports the node that ran it. */
async function buildpack(layout: Layout = {}): Promise<string> {
  const dir = join(root, `bp ${++counter}`);
  await mkdir(join(dir, 'bin'), { recursive: true });
  await mkdir(join(dir, 'lib'), { recursive: true });
  await writeFile(join(dir, 'bin/supply'), nodePhaseScript(layout.detect ? 'detect' : 'supply').replace('lib/detect.cjs', 'lib/supply.cjs'));
  await chmod(join(dir, 'bin/supply'), 0o755);
  await writeFile(join(dir, 'lib/bootstrap.sh'), await readFile(BOOTSTRAP_SH));
  await writeFile(join(dir, 'lib/node-runtime'), nodeRuntimeScript(layout.manifest ?? 'dependencies: []\n'));
  await writeFile(join(dir, 'lib/supply.cjs'), 'console.log(`real-node ${process.version} ${process.argv.slice(2).join(" ")}`);\n');
  if (layout.vendored) await fakeNode(join(dir, 'vendor/node/bin'), 'v22.0.0', 'vendored-node');
  for (const [path, body] of Object.entries(layout.files ?? {})) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), body);
  }
  return dir;
}

/** A `node` script answering --version with `version` and otherwise printing `label` and its args. */
async function fakeNode(dir: string, version: string, label: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'node'), `#!/bin/sh\n[ "$1" = --version ] && { echo ${version}; exit 0; }\necho "${label} $*"\n`);
  await chmod(join(dir, 'node'), 0o755);
  return dir;
}

function manifestFor(uri: string, digest: string, extra = ''): string {
  return `---\nlanguage: test\ndependencies:\n- name: node\n  version: 22.19.0\n  uri: ${uri}\n  sha256: ${digest}\n  cf_stacks:\n  - cflinuxfs4\n${extra}`;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs bin/supply with a stack-like PATH (no node) plus `extraPath`; async so the HTTP server can answer. */
function supply(bp: string, env: Record<string, string> = {}, extraPath: string[] = []): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(bp, 'bin/supply'), ['BUILD', 'CACHE', 'DEPS', '0'], {
      env: { PATH: [...extraPath, stackPath].join(':'), CF_STACK: 'cflinuxfs4', HOME: root, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function cacheDir(): Promise<string> {
  return join(await mkdtemp(join(root, 'cache-')), 'node cache');
}

describe('lib/bootstrap.sh', () => {
  it('1. BPKIT_NODE wins over everything, and must be executable', async () => {
    const bp = await buildpack({ vendored: true });
    const onPath = await fakeNode(join(root, `path-${++counter}`), 'v22.1.0', 'path-node');
    const ok = await supply(bp, { BPKIT_NODE: process.execPath }, [onPath]);
    expect(ok).toMatchObject({ code: 0, stdout: `real-node ${process.version} BUILD CACHE DEPS 0\n` });

    const bad = await supply(bp, { BPKIT_NODE: join(root, 'no such node') });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe(`${ERROR} BPKIT_NODE is set to ${join(root, 'no such node')}, which is not an executable file\n`);
  });

  it('2. a runtime vendored in the buildpack comes before PATH', async () => {
    const bp = await buildpack({ vendored: true });
    const onPath = await fakeNode(join(root, `path-${++counter}`), 'v22.1.0', 'path-node');
    const result = await supply(bp, {}, [onPath]);
    expect(result).toMatchObject({ code: 0, stdout: `vendored-node ${bp}/lib/supply.cjs BUILD CACHE DEPS 0\n` });
  });

  it('3. node on PATH is used when it is 20 or newer, without touching the network', async () => {
    const bp = await buildpack({ manifest: manifestFor(`${baseUrl}/never.tgz`, fakeTarball.sha256) });
    const onPath = await fakeNode(join(root, `path-${++counter}`), 'v20.0.0', 'path-node');
    const before = requests.length;
    const result = await supply(bp, { BPKIT_NODE_CACHE: await cacheDir() }, [onPath]);
    expect(result).toMatchObject({ code: 0, stdout: `path-node ${bp}/lib/supply.cjs BUILD CACHE DEPS 0\n` });
    expect(requests.length).toBe(before);
  });

  it('4. an old node on PATH is skipped; the manifest runtime is downloaded, verified, cached and reused', async () => {
    served.set('/deps/node/node_22.19.0_linux_x64_cflinuxfs4_real.tgz', { body: realTarball.body });
    const bp = await buildpack({ manifest: manifestFor(`${baseUrl}/deps/node/node_22.19.0_linux_x64_cflinuxfs4_real.tgz`, realTarball.sha256) });
    const oldNode = await fakeNode(join(root, `path-${++counter}`), 'v18.20.4', 'old-node');
    const cache = await cacheDir();
    const before = requests.length;

    const first = await supply(bp, { BPKIT_NODE_CACHE: cache }, [oldNode]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      '-----> Installing bootstrap Node.js 22.19.0\n' +
        '       Chosen by the manifest default: latest (the Node.js that runs this buildpack)\n' +
        `       Download [${baseUrl}/deps/node/node_22.19.0_linux_x64_cflinuxfs4_real.tgz]\n` +
        `real-node ${process.version} BUILD CACHE DEPS 0\n`,
    );
    expect(await readdir(cache)).toEqual([realTarball.sha256]);
    expect(await readdir(join(cache, realTarball.sha256, 'bin'))).toEqual(['node']);
    expect(requests.length).toBe(before + 1);

    const second = await supply(bp, { BPKIT_NODE_CACHE: cache }, [oldNode]);
    expect(second).toMatchObject({ code: 0, stdout: `real-node ${process.version} BUILD CACHE DEPS 0\n` });
    expect(requests.length).toBe(before + 1);
  }, 60_000);

  it('4. works with no node anywhere on a stack PATH, and finds */bin/node in nodejs.org-style tarballs', async () => {
    served.set('/fake.tgz', { body: fakeTarball.body });
    const bp = await buildpack({ manifest: manifestFor(`${baseUrl}/fake.tgz`, fakeTarball.sha256) });
    const cache = await cacheDir();
    const result = await supply(bp, { BPKIT_NODE_CACHE: cache });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^-----> Installing bootstrap Node.js 22.19.0\n {7}Chosen by the manifest default: latest \(the Node.js that runs this buildpack\)\n {7}Download \[.*\/fake.tgz\]\ndownloaded-fake-node .*\/lib\/supply.cjs BUILD CACHE DEPS 0\n$/);
  });

  it('4. sha256 mismatch is an error and leaves nothing behind', async () => {
    served.set('/tampered.tgz', { body: fakeTarball.body });
    const wrong = 'f'.repeat(64);
    const bp = await buildpack({ manifest: manifestFor(`${baseUrl}/tampered.tgz`, wrong) });
    const cache = await cacheDir();
    const result = await supply(bp, { BPKIT_NODE_CACHE: cache });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${ERROR} dependency sha256 mismatch: expected sha256 ${wrong}, actual sha256 ${fakeTarball.sha256}\n`);
    expect(result.stdout).not.toContain('downloaded-fake-node');
    expect(await readdir(cache)).toEqual([]);
  });

  it('4. a failed download is a CF-style error with credentials redacted', async () => {
    const bp = await buildpack({ manifest: manifestFor(`http://user:s3cret@127.0.0.1:${new URL(baseUrl).port}/missing.tgz`, fakeTarball.sha256) });
    const cache = await cacheDir();
    const result = await supply(bp, { BPKIT_NODE_CACHE: cache, BPKIT_DOWNLOAD_RETRIES: '0' });
    expect(result.code).toBe(1);
    const shown = `http://-redacted-:-redacted-@127.0.0.1:${new URL(baseUrl).port}/missing.tgz`;
    expect(result.stdout).toBe(
      '-----> Installing bootstrap Node.js 22.19.0\n' +
        '       Chosen by the manifest default: latest (the Node.js that runs this buildpack)\n' +
        `       Download [${shown}]\n` +
        `${ERROR} Could not download Node.js 22.19.0 from ${shown}\n`,
    );
    expect(result.stdout + result.stderr).not.toContain('s3cret');
    expect(await readdir(cache)).toEqual([]);
  });

  it('4. a flaky download is retried', async () => {
    served.set('/flaky.tgz', { body: fakeTarball.body, failures: 1 });
    const bp = await buildpack({ manifest: manifestFor(`${baseUrl}/flaky.tgz`, fakeTarball.sha256) });
    const result = await supply(bp, { BPKIT_NODE_CACHE: await cacheDir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('downloaded-fake-node');
    expect(requests.filter((r) => r.path === '/flaky.tgz')).toHaveLength(2);
  });

  it('4. BPKIT_DEPENDENCY_MIRROR replaces scheme://host (credentials go to the mirror, never printed)', async () => {
    served.set('/mirror/dependencies/node/node.tgz', { body: fakeTarball.body, requireAuth: `Basic ${Buffer.from('mu:mp4ss').toString('base64')}` });
    const bp = await buildpack({ manifest: manifestFor('https://origin-user:origin-pw@buildpacks.example.invalid/dependencies/node/node.tgz', fakeTarball.sha256) });
    const mirror = `http://mu:mp4ss@127.0.0.1:${new URL(baseUrl).port}/mirror/`;
    const result = await supply(bp, { BPKIT_NODE_CACHE: await cacheDir(), BPKIT_DEPENDENCY_MIRROR: mirror });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`       Download [http://-redacted-:-redacted-@127.0.0.1:${new URL(baseUrl).port}/mirror/dependencies/node/node.tgz]\n`);
    expect(result.stdout).toContain('downloaded-fake-node');
    expect(result.stdout).not.toContain('mp4ss');
  });

  it('4. a cached buildpack copies the runtime from its file: instead of downloading', async () => {
    const file = 'dependencies/0123abcd/node.tgz';
    const bp = await buildpack({
      manifest: manifestFor('https://buildpacks.example.invalid/node.tgz', fakeTarball.sha256, `  file: ${file}\n`),
      files: { [file]: fakeTarball.body },
    });
    const before = requests.length;
    const result = await supply(bp, { BPKIT_NODE_CACHE: await cacheDir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`       Copy [${bp}/${file}]\n`);
    expect(result.stdout).toContain('downloaded-fake-node');
    expect(requests.length).toBe(before);
  });

  it('4. no runtime for CF_STACK is an error naming the stacks there are', async () => {
    const bp = await buildpack({ manifest: manifestFor(`${baseUrl}/fake.tgz`, fakeTarball.sha256) });
    const result = await supply(bp, { CF_STACK: 'cflinuxfs5' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `${ERROR} No Node.js runtime for stack 'cflinuxfs5' in this buildpack's manifest.yml (it has: cflinuxfs4). Set BPKIT_NODE to a Node.js 20+ executable.\n`,
    );
  });

  it('detect talks on stderr so its stdout stays the detected name', async () => {
    served.set('/fake.tgz', { body: fakeTarball.body });
    const bp = await buildpack({ manifest: manifestFor(`${baseUrl}/fake.tgz`, fakeTarball.sha256), detect: true });
    const result = await supply(bp, { BPKIT_NODE_CACHE: await cacheDir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^downloaded-fake-node /);
    expect(result.stderr).toContain('-----> Installing bootstrap Node.js 22.19.0\n');
  });
});
