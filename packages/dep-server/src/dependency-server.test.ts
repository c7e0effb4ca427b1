import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { packTarball, packZip } from './archives.ts';
import { startDependencyServer } from './dependency-server.ts';
import type { DependencyServer } from './dependency-server.ts';
import { buildTestManifest } from './test-manifest.ts';

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  error?: string;
}

/** Raw GET that reports what arrived before any connection error. */
function get(url: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((done) => {
    const req = request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      const finish = (error?: string): void => {
        const got: Got = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) };
        if (error) got.error = error;
        done(got);
      };
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => finish(res.complete ? undefined : 'incomplete'));
      res.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
      res.on('aborted', () => finish('aborted'));
    });
    req.on('error', (e: NodeJS.ErrnoException) => done({ status: 0, headers: {}, body: Buffer.alloc(0), error: e.code ?? e.message }));
    req.end();
  });
}

let root: string;
let server: DependencyServer;
const data = Buffer.alloc(200_000);
for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 251;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bpkit-depserver-'));
  await mkdir(join(root, 'deps'), { recursive: true });
  await writeFile(join(root, 'deps', 'blob.bin'), data);
  server = await startDependencyServer({ root });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});
beforeEach(() => server.clearFaults());

describe('dependency server', () => {
  it('serves files with Content-Length and logs requests', async () => {
    const got = await get(`${server.url}/deps/blob.bin`);
    expect(got.status).toBe(200);
    expect(got.headers['content-length']).toBe(String(data.length));
    expect(got.body.equals(data)).toBe(true);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.requests.at(-1)).toEqual({ method: 'GET', path: '/deps/blob.bin' });
    expect((await get(`${server.url}/deps/missing`)).status).toBe(404);
    expect((await get(`${server.url}/../../etc/passwd`)).status).toBe(404);
  });

  it('injects a status the given number of times, then recovers', async () => {
    server.setFault('/deps/blob.bin', { kind: 'status', status: 503, times: 2 });
    expect((await get(`${server.url}/deps/blob.bin`)).status).toBe(503);
    expect((await get(`${server.url}/deps/blob.bin`)).status).toBe(503);
    expect((await get(`${server.url}/deps/blob.bin`)).status).toBe(200);
  });

  it("applies '*' faults to every path until cleared", async () => {
    server.setFault('*', { kind: 'status', status: 500 });
    expect((await get(`${server.url}/deps/blob.bin`)).status).toBe(500);
    expect((await get(`${server.url}/anything`)).status).toBe(500);
    server.clearFaults();
    expect((await get(`${server.url}/deps/blob.bin`)).status).toBe(200);
  });

  it('resets the connection mid-body', async () => {
    server.setFault('/deps/blob.bin', { kind: 'reset', afterBytes: 1000, times: 1 });
    const got = await get(`${server.url}/deps/blob.bin`);
    expect(got.status).toBe(200);
    expect(got.error).toBeDefined();
    expect(got.body.length).toBeLessThan(data.length);
  });

  it('truncates the body while claiming the full length', async () => {
    server.setFault('/deps/blob.bin', { kind: 'truncate', afterBytes: 5000 });
    const got = await get(`${server.url}/deps/blob.bin`);
    expect(got.headers['content-length']).toBe(String(data.length));
    expect(got.body.length).toBe(5000);
    expect(got.error).toBeDefined();
  });

  it('corrupts bytes keeping the length', async () => {
    server.setFault('/deps/blob.bin', { kind: 'corrupt' });
    const got = await get(`${server.url}/deps/blob.bin`);
    expect(got.body.length).toBe(data.length);
    expect(got.body.equals(data)).toBe(false);
  });

  it('sends slowly', async () => {
    server.setFault('/deps/blob.bin', { kind: 'slow', bytesPerSecond: 500_000 });
    const start = Date.now();
    const got = await get(`${server.url}/deps/blob.bin`);
    expect(got.body.equals(data)).toBe(true);
    expect(Date.now() - start).toBeGreaterThanOrEqual(250);
  });

  it('redirects', async () => {
    server.setFault('/old.bin', { kind: 'redirect', location: '/deps/blob.bin' });
    const got = await get(`${server.url}/old.bin`);
    expect(got.status).toBe(302);
    expect(got.headers.location).toBe('/deps/blob.bin');
  });

  it('can require basic auth', async () => {
    const authed = await startDependencyServer({ root, auth: { username: 'u', password: 'p@ss' } });
    try {
      expect((await get(`${authed.url}/deps/blob.bin`)).status).toBe(401);
      const auth = 'Basic ' + Buffer.from('u:p@ss').toString('base64');
      expect((await get(`${authed.url}/deps/blob.bin`, { authorization: auth })).status).toBe(200);
      expect(authed.requests.at(-1)?.authorization).toBe(auth);
    } finally {
      await authed.close();
    }
  });
});

describe('test manifests and archives', () => {
  it('builds a manifest with the real sha256 of served files', async () => {
    const text = await buildTestManifest({
      language: 'go',
      root,
      baseUrl: server.url + '/',
      defaultVersions: [{ name: 'go', version: '1.22.x' }],
      dependencies: [{ name: 'go', version: '1.22.5', file: 'deps/blob.bin' }],
    });
    const sha = createHash('sha256').update(data).digest('hex');
    expect(text).toBe(
      'language: "go"\ndefault_versions:\n- name: "go"\n  version: "1.22.x"\ndependencies:\n' +
        `- name: "go"\n  version: "1.22.5"\n  uri: "${server.url}/deps/blob.bin"\n  sha256: "${sha}"\n  cf_stacks:\n  - "cflinuxfs4"\n`,
    );
  });

  it('packs tarballs and zips', async () => {
    const src = join(root, 'src');
    await mkdir(join(src, 'bin'), { recursive: true });
    await writeFile(join(src, 'bin', 'tool'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
    await packTarball(src, join(root, 'tool.tgz'));
    expect(execFileSync('tar', ['-tzf', join(root, 'tool.tgz')], { encoding: 'utf8' })).toContain('./bin/tool');
    await packZip(src, join(root, 'tool.zip'));
    expect(execFileSync('unzip', ['-l', join(root, 'tool.zip')], { encoding: 'utf8' })).toContain('bin/tool');
    expect((await readFile(join(root, 'tool.tgz'))).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });
});
