import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BuildpackManifest, parseManifest } from '@bpkit/manifest';
import type { ManifestDependency } from '@bpkit/manifest';
import { packTarXz, packTarball, packZip, startDependencyServer } from '@bpkit/dep-server';
import type { DependencyServer } from '@bpkit/dep-server';
import { appCachePath } from './app-cache.ts';
import { installDependency } from './install-dependency.ts';
import type { InstallDependencyOptions } from './install-dependency.ts';
import { bufferLogger } from './test-support.ts';

const FAST_RETRY = { initialDelayMs: 10, multiplier: 2, maxElapsedMs: 5_000 };
const WARN = '       \x1b[31;1m**WARNING**\x1b[0m ';

let root: string; // served by the dependency server
let scratch: string; // install targets and caches
let server: DependencyServer;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const files = new Map<string, Buffer>();

async function serve(name: string, content: Buffer): Promise<string> {
  await mkdir(join(root, name, '..'), { recursive: true });
  await writeFile(join(root, name), content);
  files.set(name, content);
  return sha(content);
}

function dep(name: string, overrides: Partial<ManifestDependency> = {}): ManifestDependency {
  return { name: 'tool', version: '1.2.3', uri: `${server.url}/${name}`, sha256: sha(files.get(name)!), cf_stacks: ['cflinuxfs4'], ...overrides };
}

let counter = 0;
const target = (): string => join(scratch, `t${++counter}`, 'tool');

async function install(d: ManifestDependency, extra: Partial<InstallDependencyOptions> = {}) {
  const { log, output } = bufferLogger();
  const targetDir = extra.targetDir ?? target();
  try {
    const result = await installDependency({ dep: d, targetDir, log, retry: FAST_RETRY, env: {}, ...extra });
    return { result, output: output(), targetDir, error: undefined as Error | undefined };
  } catch (error) {
    return { result: undefined, output: output(), targetDir, error: error as Error };
  }
}

/** Nothing at the target and no temp dir beside it. */
async function expectNothingInstalled(targetDir: string): Promise<void> {
  await expect(lstat(targetDir)).rejects.toThrow(/ENOENT/);
  const siblings = await readdir(join(targetDir, '..')).catch(() => []);
  expect(siblings.filter((s) => s.includes('bpkit'))).toEqual([]);
}

let toolTgz: Buffer;
let bigTgz: Buffer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bpkit-dep-root-'));
  scratch = await mkdtemp(join(tmpdir(), 'bpkit-dep-scratch-'));
  const src = join(scratch, 'src');
  await mkdir(join(src, 'tool-1.2.3', 'bin'), { recursive: true });
  await writeFile(join(src, 'tool-1.2.3', 'bin', 'tool'), '#!/bin/sh\necho tool 1.2.3\n', { mode: 0o755 });
  await writeFile(join(src, 'tool-1.2.3', 'README'), 'readme\n');
  await symlink('bin/tool', join(src, 'tool-1.2.3', 'tool-link'));
  await packTarball(src, join(scratch, 'tool.tgz'));
  toolTgz = await readFile(join(scratch, 'tool.tgz'));
  await serve('tool.tgz', toolTgz);
  await serve('dependencies/tool/tool.tgz', toolTgz);
  await packTarXz(src, join(scratch, 'tool.tar.xz'));
  await serve('tool.tar.xz', await readFile(join(scratch, 'tool.tar.xz')));
  await packZip(src, join(scratch, 'tool.zip'));
  await serve('tool.zip', await readFile(join(scratch, 'tool.zip')));
  await serve('setup.sh', Buffer.from('#!/bin/sh\necho setup\n'));
  await serve('tool.jar', Buffer.from('PK fake jar'));

  const big = join(scratch, 'big');
  await mkdir(big);
  await writeFile(join(big, 'blob'), randomBytes(3 * 1024 * 1024));
  await packTarball(big, join(scratch, 'big.tgz'));
  bigTgz = await readFile(join(scratch, 'big.tgz'));
  await serve('big.tgz', bigTgz);

  server = await startDependencyServer({ root });
});

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

beforeEach(() => server.clearFaults());

async function expectToolInstalled(dir: string, prefix = 'tool-1.2.3/'): Promise<void> {
  expect(await readFile(join(dir, prefix, 'bin/tool'), 'utf8')).toBe('#!/bin/sh\necho tool 1.2.3\n');
  expect((await stat(join(dir, prefix, 'bin/tool'))).mode & 0o777).toBe(0o755);
  expect(await readlink(join(dir, prefix, 'tool-link'))).toBe('bin/tool');
}

describe('installDependency: fetch order and logging', () => {
  it('downloads, verifies and unpacks a .tgz', async () => {
    const r = await install(dep('tool.tgz'));
    expect(r.error).toBeUndefined();
    expect(r.output).toBe(`-----> Installing tool 1.2.3\n       Download [${server.url}/tool.tgz]\n`);
    expect(r.result).toEqual({ source: 'download', path: r.targetDir, sha256: sha(toolTgz) });
    await expectToolInstalled(r.targetDir);
    await expectNothingInstalled(join(r.targetDir, '..', 'nothing-here'));
  });

  it('strips leading path components', async () => {
    const r = await install(dep('tool.tgz'), { strip: 2 });
    expect(r.error).toBeUndefined();
    await expectToolInstalled(r.targetDir, '');
  });

  it('copies a vendored file: entry from the buildpack without any request', async () => {
    const bp = join(scratch, 'bp');
    await mkdir(join(bp, 'dependencies', 'abc'), { recursive: true });
    await writeFile(join(bp, 'dependencies', 'abc', 'tool.tgz'), toolTgz);
    const before = server.requests.length;
    const r = await install(dep('tool.tgz', { file: 'dependencies/abc/tool.tgz' }), { manifestDir: bp });
    expect(r.error).toBeUndefined();
    expect(r.output).toBe(`-----> Installing tool 1.2.3\n       Copy [${join(bp, 'dependencies/abc/tool.tgz')}]\n`);
    expect(r.result?.source).toBe('file');
    expect(server.requests.length).toBe(before);
    await expectToolInstalled(r.targetDir);
  });

  it('fails cleanly when a vendored file does not match its sha256', async () => {
    const bp = join(scratch, 'bp-bad');
    await mkdir(bp, { recursive: true });
    await writeFile(join(bp, 'tool.tgz'), Buffer.concat([toolTgz, Buffer.from('x')]));
    const r = await install(dep('tool.tgz', { file: 'tool.tgz' }), { manifestDir: bp });
    expect(r.error?.message).toBe(`dependency sha256 mismatch: expected sha256 ${sha(toolTgz)}, actual sha256 ${sha(Buffer.concat([toolTgz, Buffer.from('x')]))}`);
    await expectNothingInstalled(r.targetDir);
  });

  it('stores downloads in the app cache and copies from it the next time', async () => {
    const cache = join(scratch, 'cache-1');
    const d = dep('tool.tgz');
    const first = await install(d, { appCacheDir: cache });
    expect(first.error).toBeUndefined();
    const cached = appCachePath(cache, d.uri);
    expect(cached).toBe(join(cache, 'dependencies', sha(Buffer.from(d.uri)), 'tool.tgz'));
    expect((await readFile(cached)).equals(toolTgz)).toBe(true);
    expect((await readdir(join(cached, '..'))).length).toBe(1);

    const before = server.requests.length;
    const second = await install(d, { appCacheDir: cache });
    expect(second.output).toBe(`-----> Installing tool 1.2.3\n       Copy [${cached}]\n`);
    expect(second.result?.source).toBe('app-cache');
    expect(server.requests.length).toBe(before);
    await expectToolInstalled(second.targetDir);
  });

  it('downloads again when the cached copy is damaged', async () => {
    const cache = join(scratch, 'cache-2');
    const d = dep('tool.tgz');
    const cached = appCachePath(cache, d.uri);
    await mkdir(join(cached, '..'), { recursive: true });
    await writeFile(cached, 'garbage');
    const r = await install(d, { appCacheDir: cache });
    expect(r.error).toBeUndefined();
    expect(r.output).toContain(`Copy [${cached}]`);
    expect(r.output).toContain(`${WARN}cached tool 1.2.3 is damaged (dependency sha256 mismatch`);
    expect(r.output).toContain(`Download [${d.uri}]`);
    expect((await readFile(cached)).equals(toolTgz)).toBe(true);
  });

  it('prints newer-version and end-of-life warnings from the manifest after fetching', async () => {
    const d = dep('tool.tgz');
    const manifest = new BuildpackManifest(
      parseManifest(
        `language: x\ndependencies:\n- {name: tool, version: 1.2.3, uri: '${d.uri}', sha256: ${d.sha256}, cf_stacks: [cflinuxfs4]}\n` +
          `- {name: tool, version: 1.2.9, uri: '${d.uri}', sha256: ${d.sha256}, cf_stacks: [cflinuxfs4]}\n` +
          'dependency_deprecation_dates:\n- {name: tool, version_line: 1.2.x, date: 2026-01-10, link: https://eol}\n',
      ),
      { now: () => new Date('2026-01-01T00:00:00Z') },
    );
    const r = await install(d, { manifest, stack: 'cflinuxfs4' });
    expect(r.output).toBe(
      `-----> Installing tool 1.2.3\n       Download [${d.uri}]\n` +
        `${WARN}A newer version of tool is available in this buildpack. Please adjust your app to use version 1.2.9 instead of version 1.2.3 as soon as possible. Old versions of tool are only provided to assist in migrating to newer versions.\n` +
        `${WARN}tool 1.2.x will no longer be available in new buildpacks released after 2026-01-10.\n       See: https://eol\n`,
    );
  });

  it('logs progress for large downloads', async () => {
    const r = await install(dep('big.tgz'), { progressThresholdBytes: 1024 * 1024 });
    expect(r.error).toBeUndefined();
    const lines = r.output.split('\n').filter((l) => l.includes('Downloaded '));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.at(-1)).toMatch(/^ {7}Downloaded 100% \(\d+\.\d MB of \d+\.\d MB\)$/);
  });
});

describe('installDependency: archive kinds', () => {
  it('unpacks .tar.xz through xz', async () => {
    const r = await install(dep('tool.tar.xz'));
    expect(r.error).toBeUndefined();
    await expectToolInstalled(r.targetDir, './tool-1.2.3/');
  });

  it('unpacks .zip with modes and symlinks', async () => {
    const r = await install(dep('tool.zip'));
    expect(r.error).toBeUndefined();
    await expectToolInstalled(r.targetDir);
  });

  it('renames .sh dependencies to the target path', async () => {
    const r = await install(dep('setup.sh'));
    expect(r.error).toBeUndefined();
    expect(await readFile(r.targetDir, 'utf8')).toBe('#!/bin/sh\necho setup\n');
    expect((await stat(r.targetDir)).mode & 0o111).not.toBe(0);
  });

  it('copies other files into the target directory', async () => {
    const r = await install(dep('tool.jar'));
    expect(r.error).toBeUndefined();
    expect(r.result?.path).toBe(join(r.targetDir, 'tool.jar'));
    expect(await readFile(join(r.targetDir, 'tool.jar'), 'utf8')).toBe('PK fake jar');
  });

  it('merges into an existing target directory', async () => {
    const t = target();
    await mkdir(join(t, 'tool-1.2.3'), { recursive: true });
    await writeFile(join(t, 'keep.txt'), 'kept');
    await writeFile(join(t, 'tool-1.2.3', 'README'), 'old');
    const r = await install(dep('tool.tgz'), { targetDir: t });
    expect(r.error).toBeUndefined();
    expect(await readFile(join(t, 'keep.txt'), 'utf8')).toBe('kept');
    expect(await readFile(join(t, 'tool-1.2.3', 'README'), 'utf8')).toBe('readme\n');
    await expectToolInstalled(t);
  });
});

describe('installDependency: faults from the dependency server', () => {
  it('fails on a sha256 mismatch with the exact message, deleting everything', async () => {
    const cache = join(scratch, 'cache-mismatch');
    const d = dep('tool.tgz', { sha256: 'f'.repeat(64) });
    const r = await install(d, { appCacheDir: cache });
    expect(r.error?.message).toBe(`dependency sha256 mismatch: expected sha256 ${'f'.repeat(64)}, actual sha256 ${sha(toolTgz)}`);
    await expectNothingInstalled(r.targetDir);
    expect(await readdir(join(appCachePath(cache, d.uri), '..')).catch(() => [])).toEqual([]);
  });

  it('reports corrupted bytes as a sha256 mismatch even though they cannot be unpacked', async () => {
    server.setFault('/tool.tgz', { kind: 'corrupt' });
    const corrupted = Buffer.from(toolTgz.map((b) => b ^ 0xff));
    const r = await install(dep('tool.tgz'));
    expect(r.error?.message).toBe(`dependency sha256 mismatch: expected sha256 ${sha(toolTgz)}, actual sha256 ${sha(corrupted)}`);
    await expectNothingInstalled(r.targetDir);
  });

  it.each([
    ['status 500', { kind: 'status', status: 500, times: 2 }, /error: could not download: 500, retrying in 10ms\n.*error: could not download: 500, retrying in 20ms/s],
    ['status 503', { kind: 'status', status: 503, times: 1 }, /error: could not download: 503, retrying in 10ms/],
    ['connection reset', { kind: 'reset', afterBytes: 3000, times: 1 }, /error: .+, retrying in 10ms/],
    ['truncated body', { kind: 'truncate', afterBytes: 100_000, times: 1 }, /error: .+, retrying in 10ms/],
  ] as const)('retries a %s to success', async (_name, fault, pattern) => {
    server.setFault('/big.tgz', fault);
    const r = await install(dep('big.tgz'));
    expect(r.error).toBeUndefined();
    expect(r.output).toMatch(pattern);
    expect(r.output.split('\n').filter((l) => l.includes('**WARNING**')).length).toBe(fault.times);
    expect((await readFile(join(r.targetDir, 'blob'))).length).toBe(3 * 1024 * 1024);
    expect((await readdir(join(r.targetDir, '..'))).filter((s) => s.includes('bpkit'))).toEqual([]);
  });

  it('gives up after the retry window and leaves nothing installed', async () => {
    server.setFault('/big.tgz', { kind: 'reset', afterBytes: 200_000 });
    const r = await install(dep('big.tgz'), { retry: { initialDelayMs: 10, multiplier: 2, maxElapsedMs: 1500 } });
    expect(r.error).toBeDefined();
    expect(r.output.split('\n').filter((l) => l.includes('retrying in')).length).toBeGreaterThanOrEqual(3);
    await expectNothingInstalled(r.targetDir);
  });

  it.each([
    ['status 500', { kind: 'status', status: 500 }, /^could not download: 500$/],
    ['truncated body', { kind: 'truncate', afterBytes: 50_000 }, /.+/],
    ['stalled body', { kind: 'slow', bytesPerSecond: 1 }, /[Tt]imeout/],
  ] as const)('fails cleanly when a %s persists', async (_name, fault, pattern) => {
    server.setFault('/big.tgz', fault);
    const cache = join(scratch, `cache-persist-${counter}`);
    const r = await install(dep('big.tgz'), { appCacheDir: cache, retry: { initialDelayMs: 10, multiplier: 2, maxElapsedMs: 1500 }, timeouts: { bodyMs: 100 } });
    expect(r.error?.message).toMatch(pattern);
    expect(r.output).toContain('retrying in 10ms');
    await expectNothingInstalled(r.targetDir);
    expect(await readdir(join(appCachePath(cache, dep('big.tgz').uri), '..')).catch(() => [])).toEqual([]);
  }, 20_000);

  it('retries at most BPKIT_DOWNLOAD_RETRIES times and bounds a trickle with BPKIT_DOWNLOAD_TIMEOUT', async () => {
    server.setFault('/big.tgz', { kind: 'status', status: 500 });
    const capped = await install(dep('big.tgz'), { env: { BPKIT_DOWNLOAD_RETRIES: '2' } });
    expect(capped.error?.message).toBe('could not download: 500');
    expect(capped.output.split('\n').filter((l) => l.includes('retrying in')).length).toBe(2);
    server.setFault('/big.tgz', { kind: 'slow', bytesPerSecond: 200 });
    const started = Date.now();
    const slow = await install(dep('big.tgz'), { env: { BPKIT_DOWNLOAD_RETRIES: '0', BPKIT_DOWNLOAD_TIMEOUT: '1' } });
    expect(slow.error?.message).toMatch(/^body timeout: 127\.0\.0\.1:\d+ sent \d+ bytes in 1s, below 1024 bytes\/s$/);
    expect(Date.now() - started).toBeLessThan(5000);
    await expectNothingInstalled(slow.targetDir);
  });

  it('fails at once on 404 without retrying', async () => {
    const before = server.requests.length;
    const r = await install({ ...dep('tool.tgz'), uri: `${server.url}/missing.tgz` });
    expect(r.error?.message).toBe('could not download: 404');
    expect(r.output).not.toContain('retrying');
    expect(server.requests.length - before).toBe(1);
    await expectNothingInstalled(r.targetDir);
  });

  it('retries a stalled body after the body timeout', async () => {
    server.setFault('/tool.tgz', { kind: 'slow', bytesPerSecond: 1, times: 1 });
    const r = await install(dep('tool.tgz'), { timeouts: { bodyMs: 150 } });
    expect(r.error).toBeUndefined();
    expect(r.output).toMatch(/error: .*[Tt]imeout.*, retrying in 10ms/);
    await expectToolInstalled(r.targetDir);
  }, 15_000);

  it('follows redirects', async () => {
    server.setFault('/old/tool.tgz', { kind: 'redirect', location: '/tool.tgz' });
    const r = await install({ ...dep('tool.tgz'), uri: `${server.url}/old/tool.tgz` });
    expect(r.error).toBeUndefined();
    await expectToolInstalled(r.targetDir);
  });

  it('sends URL credentials as basic auth and redacts them everywhere', async () => {
    const authed = await startDependencyServer({ root, auth: { username: 'user', password: 's3cret' } });
    try {
      const uri = `http://user:s3cret@127.0.0.1:${authed.port}/tool.tgz`;
      const ok = await install({ ...dep('tool.tgz'), uri });
      expect(ok.error).toBeUndefined();
      expect(ok.output).toContain(`Download [http://-redacted-:-redacted-@127.0.0.1:${authed.port}/tool.tgz]`);
      expect(ok.output).not.toContain('s3cret');

      authed.setFault('*', { kind: 'status', status: 502, times: 1 });
      const bad = await install({ ...dep('tool.tgz'), uri: `http://user:s3cret@127.0.0.1:${authed.port}/nope.tgz` });
      expect(bad.error?.message).toBe('could not download: 404');
      expect(bad.output + bad.error?.message).not.toContain('s3cret');

      const refused = await install({ ...dep('tool.tgz'), uri: 'http://user:s3cret@127.0.0.1:1/x.tgz' }, { retry: { initialDelayMs: 5, multiplier: 1, maxElapsedMs: 20 } });
      expect(refused.error?.message).toMatch(/ECONNREFUSED/);
      expect(refused.output + String(refused.error?.message) + String(refused.error?.stack)).not.toContain('s3cret');
    } finally {
      await authed.close();
    }
  });

  it('downloads from the mirror named by BPKIT_DEPENDENCY_MIRROR', async () => {
    const d = { ...dep('tool.tgz'), uri: 'https://buildpacks.cloudfoundry.org/dependencies/tool/tool.tgz' };
    const r = await install(d, { env: { BPKIT_DEPENDENCY_MIRROR: server.url } });
    expect(r.error).toBeUndefined();
    expect(r.output).toContain(`Download [${server.url}/dependencies/tool/tool.tgz]`);
    expect(server.requests.at(-1)?.path).toBe('/dependencies/tool/tool.tgz');
    await expectToolInstalled(r.targetDir);
  });
});
