// bpkit stopped by SIGTERM or killed by SIGKILL in the middle of a download or of the droplet: it leaves no
// process running, no work dir, no half-written app cache, and the next staging of the same app succeeds.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { copyApp } from '../app-http.ts';
import type { Finished } from '../bpkit.ts';
import { seedApp } from '../go-app.ts';
import { type GoDependencyServer, startGoDependencyServer } from '../go-toolchain.ts';
import { type TestPlatform, testPlatform } from '../test-platform.ts';
import { BPKIT } from '../workspace.ts';
import { type Sandbox, faultCase } from './fault-case.ts';

const GROUP = 'signals';

/** Processes whose command line names `dir`: what a staging under it still has running. */
async function processesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(dir)) found.push(`${pid}: ${cmdline.replaceAll('\0', ' ').trim()}`);
  }
  return found;
}

async function eventually(check: () => Promise<string[]>, ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = await check();
    if (left.length === 0 || Date.now() > deadline) return left;
    await sleep(100);
  }
}

interface Running {
  child: ChildProcess;
  output: () => string;
  done: Promise<Finished & { signal: NodeJS.Signals | null }>;
}

function startStage(args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [BPKIT, 'stage', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += String(d)));
  child.stderr?.on('data', (d: Buffer) => (stderr += String(d)));
  const done = new Promise<Finished & { signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code: code ?? 128 + (signal === 'SIGKILL' ? 9 : 15), signal, stdout, stderr })),
  );
  return { child, output: () => stdout + stderr, done };
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** The staging's droplet being written: `<home>/tmp/staging-*` holds droplet.tgz. */
async function writingDroplet(home: string): Promise<boolean> {
  for (const work of await readdir(join(home, 'tmp')).catch(() => [] as string[])) {
    if ((await readdir(join(home, 'tmp', work)).catch(() => [] as string[])).includes('droplet.tgz')) return true;
  }
  return false;
}

/** After the interruption: nothing running, no work dir, no app cache. */
async function expectCleanAfter(sb: Sandbox, app: string): Promise<void> {
  const home = sb.env.BPKIT_HOME as string;
  expect(await eventually(() => processesUnder(sb.root), 10_000)).toEqual([]);
  expect(await eventually(async () => readdir(join(home, 'tmp')).catch(() => []), 10_000)).toEqual([]);
  expect(await readdir(join(home, 'apps', app)).catch(() => [])).not.toContain('cache');
}

describe('signals', () => {
  let deps: GoDependencyServer;
  let platform: TestPlatform;
  let goApp: string;
  let binaryApp: string;

  beforeAll(async () => {
    deps = await startGoDependencyServer();
    platform = await testPlatform({ manifests: { go: await deps.manifest() }, only: ['go', 'binary'] });
    goApp = await copyApp('go-module');
    // The seed binary with 192 MB of incompressible bytes: its droplet takes long enough to be interrupted.
    binaryApp = await seedApp({ Procfile: 'web: ./app\n' });
    await writeFile(join(binaryApp, 'payload.bin'), randomBytes(192 * 1024 * 1024));
  });
  afterAll(async () => {
    await deps?.server.close();
  });

  const envOf = (sb: Sandbox): NodeJS.ProcessEnv => ({ ...platform.env, BPKIT_HOME: sb.env.BPKIT_HOME });

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    faultCase(GROUP, `${signal} mid-download, then a clean restage`, async (sb) => {
      const out = join(sb.root, 'out');
      deps.server.setFault(`/${basename(deps.tarball)}`, { kind: 'slow', bytesPerSecond: 256 * 1024, times: 1 });
      const staging = startStage([goApp, '-b', 'go_buildpack', '--name', 'goapp', '-o', out], envOf(sb));
      await until('the download', () => staging.output().includes('Download ['));
      await sleep(300);
      staging.child.kill(signal);
      const stopped = await staging.done;
      sb.observe(stopped);
      if (signal === 'SIGTERM') expect(stopped.code, staging.output()).toBe(143);
      else expect(stopped.signal).toBe('SIGKILL');
      await expectCleanAfter(sb, 'goapp');
      deps.server.clearFaults();

      const again = await sb.run(['stage', goApp, '-b', 'go_buildpack', '--name', 'goapp', '-o', out], envOf(sb));
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(await readdir(out)).toEqual(['droplet.tgz', 'result.json']);
    }, 240_000);

    faultCase(GROUP, `${signal} mid-droplet, then a clean restage`, async (sb) => {
      const out = join(sb.root, 'out');
      const home = sb.env.BPKIT_HOME as string;
      const staging = startStage([binaryApp, '-b', 'binary_buildpack', '--name', 'big', '-o', out], envOf(sb));
      await until('the droplet', () => writingDroplet(home));
      staging.child.kill(signal);
      const stopped = await staging.done;
      sb.observe(stopped);
      if (signal === 'SIGTERM') expect(stopped.code, staging.output()).toBe(143);
      else expect(stopped.signal).toBe('SIGKILL');
      await expectCleanAfter(sb, 'big');
      expect(await readdir(out).catch(() => [])).toEqual([]);

      const again = await sb.run(['stage', binaryApp, '-b', 'binary_buildpack', '--name', 'big', '-o', out], envOf(sb));
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(await readdir(out)).toEqual(['droplet.tgz', 'result.json']);
    });
  }
});
