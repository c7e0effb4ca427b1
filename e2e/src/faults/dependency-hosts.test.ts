// Dependency hosts that misbehave, met by real stagings through the Go buildpack and by the packager:
// every fault ends in one clear **ERROR** line and CF's exit code, bounded in time, nothing half-installed,
// credentials never printed.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type Fault, startDependencyServer } from '@bpkit/dep-server';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { copyApp } from '../app-http.ts';
import type { Finished } from '../bpkit.ts';
import { type GoDependencyServer, startGoDependencyServer } from '../go-toolchain.ts';
import { type TestPlatform, testPlatform } from '../test-platform.ts';
import { type Sandbox, faultCase } from './fault-case.ts';

const GROUP = 'dependency hosts';
const ERROR = '\u001b[31;1m**ERROR**\u001b[0m';
// One retry and a 2 s window: each case shows the retry and the final error in seconds, not a minute.
const FAST = ['-e', 'BPKIT_DOWNLOAD_RETRIES=1', '-e', 'BPKIT_DOWNLOAD_TIMEOUT=2'];

describe('dependency hosts', () => {
  let deps: GoDependencyServer;
  let platform: TestPlatform;
  let goApp: string;

  beforeAll(async () => {
    deps = await startGoDependencyServer();
    platform = await testPlatform({ manifests: { go: await deps.manifest() }, only: ['go'] });
    goApp = await copyApp('go-module');
  });
  afterAll(async () => {
    await deps?.server.close();
  });

  /** Stages the Go app into the sandbox's platform with `manifest` as the Go buildpack's, under `fault`. */
  async function stage(sb: Sandbox, options: { fault?: Fault; manifest?: string; env?: string[] } = {}): Promise<Finished & { out: string }> {
    const tarballPath = `/${basename(deps.tarball)}`;
    deps.server.clearFaults();
    if (options.fault) deps.server.setFault(tarballPath, options.fault);
    const p = options.manifest ? await testPlatform({ manifests: { go: options.manifest }, only: ['go'] }) : platform;
    const out = join(sb.root, 'out');
    const f = await sb.run(['stage', goApp, '-b', 'go_buildpack', '-o', out, '--name', 'goapp', ...FAST, ...(options.env ?? [])], { ...p.env, BPKIT_HOME: sb.env.BPKIT_HOME });
    deps.server.clearFaults();
    return { ...f, out };
  }

  /** A failed staging leaves no droplet, no work dir and no app cache (CF keeps a cache from successes only). */
  async function expectNothingLeft(sb: Sandbox, out: string): Promise<void> {
    expect(await readdir(out).catch(() => [])).toEqual([]);
    const home = sb.env.BPKIT_HOME as string;
    expect(await readdir(join(home, 'tmp')).catch(() => [])).toEqual([]);
    expect(await readdir(join(home, 'apps', 'goapp')).catch(() => [])).not.toContain('cache');
  }

  function expectFailed(f: Finished, message: string | RegExp): void {
    const text = f.stdout + f.stderr;
    expect(f.code, text).toBe(223);
    const line = text.split('\n').find((l) => l.trimStart().startsWith(ERROR));
    expect(line, text).toBeDefined();
    if (typeof message === 'string') expect(line).toContain(message);
    else expect(line).toMatch(message);
    expect(text).toContain('Failed to compile droplet');
  }

  faultCase(GROUP, 'a 500 on every attempt: one retry, then could not download: 500', async (sb) => {
    const f = await stage(sb, { fault: { kind: 'status', status: 500 } });
    expectFailed(f, 'could not download: 500');
    expect(f.stdout).toMatch(/\*\*WARNING\*\*.*error: could not download: 500, retrying in 1s/);
    await expectNothingLeft(sb, f.out);
  });

  faultCase(GROUP, 'a reset mid-body on every attempt', async (sb) => {
    const f = await stage(sb, { fault: { kind: 'reset', afterBytes: 100_000 } });
    expectFailed(f, /aborted|ECONNRESET|socket hang up/);
    await expectNothingLeft(sb, f.out);
  });

  faultCase(GROUP, 'a body shorter than its Content-Length on every attempt', async (sb) => {
    const f = await stage(sb, { fault: { kind: 'truncate', afterBytes: 100_000 } });
    expectFailed(f, /aborted|ECONNRESET|unexpected EOF/);
    await expectNothingLeft(sb, f.out);
  });

  faultCase(GROUP, 'a host trickling 200 bytes/s is cut off after the timeout with a message', async (sb) => {
    const started = Date.now();
    const f = await stage(sb, { fault: { kind: 'slow', bytesPerSecond: 200 } });
    expectFailed(f, /body timeout: 127\.0\.0\.1:\d+ sent \d+ bytes in 2s, below 1024 bytes\/s/);
    expect(Date.now() - started).toBeLessThan(30_000);
    await expectNothingLeft(sb, f.out);
  });

  faultCase(GROUP, "wrong bytes: CF's sha256 mismatch, not retried", async (sb) => {
    const f = await stage(sb, { fault: { kind: 'corrupt' } });
    expectFailed(f, /dependency sha256 mismatch: expected sha256 [0-9a-f]{64}, actual sha256 [0-9a-f]{64}/);
    expect(f.stdout).not.toContain('retrying');
    await expectNothingLeft(sb, f.out);
  });

  faultCase(GROUP, 'a redirect loop stops after 10 redirects, not retried', async (sb) => {
    const f = await stage(sb, { fault: { kind: 'redirect', location: `/${basename(deps.tarball)}` } });
    expectFailed(f, /stopped after 10 redirects/);
    expect(f.stdout).not.toContain('retrying');
    await expectNothingLeft(sb, f.out);
  });

  faultCase(GROUP, 'a host that refuses connections', async (sb) => {
    const manifest = (await deps.manifest()).replaceAll(deps.server.url, 'http://127.0.0.1:1');
    const f = await stage(sb, { manifest });
    expectFailed(f, 'connect ECONNREFUSED 127.0.0.1:1');
    await expectNothingLeft(sb, f.out);
  });

  faultCase(GROUP, 'basic-auth credentials in the URI are sent and never printed, even when refused', async (sb) => {
    const authed = await startDependencyServer({ root: dirname(deps.tarball), auth: { username: 'deploy', password: 'hunter2-s3cret' } });
    try {
      const manifest = (await deps.manifest()).replaceAll(deps.server.url, `http://deploy:wrong-s3cret@127.0.0.1:${authed.port}`);
      const f = await stage(sb, { manifest });
      expectFailed(f, 'could not download: 401');
      expect(f.stdout).toContain(`Download [http://-redacted-:-redacted-@127.0.0.1:${authed.port}/`);
      expect(f.stdout + f.stderr).not.toContain('s3cret');
      expect(authed.requests.at(-1)?.authorization).toBe(`Basic ${Buffer.from('deploy:wrong-s3cret').toString('base64')}`);
    } finally {
      await authed.close();
    }
  });

  describe('the packager against a close-delimited host (python3 -m http.server, HTTP/1.0)', () => {
    let python: ChildProcess;
    let pythonUrl: string;
    beforeAll(async () => {
      python = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dirname(deps.tarball)], { stdio: ['ignore', 'pipe', 'ignore'] });
      pythonUrl = await new Promise<string>((ok) => {
        let out = '';
        python.stdout?.on('data', (c: Buffer) => {
          out += String(c);
          const m = /port (\d+)/.exec(out);
          if (m) ok(`http://127.0.0.1:${m[1]}`);
        });
      });
    });
    afterAll(() => {
      python.kill();
    });

    faultCase(GROUP, 'bpkit package go --cached downloads from python3 -m http.server, 3 times, 0 crashes', async (sb) => {
      const manifestFile = join(sb.root, 'manifest.yml');
      const text = (await deps.manifest()).replaceAll(deps.server.url, pythonUrl);
      await mkdir(sb.root, { recursive: true });
      await writeFile(manifestFile, text);
      for (let i = 0; i < 3; i++) {
        const out = join(sb.root, `out-${i}`);
        const f = await sb.run(['package', 'go', '--cached', '--use-custom-manifest', manifestFile, '--force-download', '--cache-dir', join(sb.root, 'cache'), '-o', out]);
        expect(f.code, f.stdout + f.stderr).toBe(0);
        expect((await readdir(out)).filter((n) => n.endsWith('.zip'))).toHaveLength(1);
      }
    }, 180_000);

    faultCase(GROUP, 'bpkit package go --cached against a 500 fails in cf style and leaves no zip or partial file', async (sb) => {
      const manifestFile = join(sb.root, 'manifest.yml');
      await mkdir(sb.root, { recursive: true });
      await writeFile(manifestFile, await deps.manifest());
      deps.server.setFault(`/${basename(deps.tarball)}`, { kind: 'status', status: 500 });
      const out = join(sb.root, 'out');
      const cache = join(sb.root, 'cache');
      const f = await sb.run(['package', 'go', '--cached', '--use-custom-manifest', manifestFile, '--cache-dir', cache, '-o', out], { ...sb.env, BPKIT_DOWNLOAD_RETRIES: '1' });
      deps.server.clearFaults();
      expect(f.code).toBe(1);
      expect(f.stdout + f.stderr).toMatch(/could not download: 500/);
      expect(f.stdout + f.stderr).toMatch(/FAILED/);
      expect(await readdir(out).catch(() => [])).toEqual([]);
      const leftovers = await readdir(cache, { recursive: true }).catch(() => [] as string[]);
      expect(leftovers.filter((n) => /partial|tmp|\.bpkit/.test(String(n)))).toEqual([]);
      await rm(cache, { recursive: true, force: true });
    });
  });
});
