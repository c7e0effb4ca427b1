import { once } from 'node:events';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { spawnLauncher } from '@bpkit/stager';
import type { App } from './app.ts';
import { appLog } from './app-log.ts';
import { type HealthCheck, waitUntilHealthy } from './health-check.ts';
import { runtimeEnvironment } from './runtime-environment.ts';
import { ensureStackPath } from './stack.ts';
import { extractTgz } from './extract-tgz.ts';

export interface StartAppOptions {
  app: App;
  dropletPath: string;
  /** Where instances live: the droplet is extracted to <instanceRoot>/home/vcap, as Diego does to /home/vcap. */
  instanceRoot: string;
  dataDir: string;
  /** `cf push -c`: beats the droplet's process types. Empty: the droplet's web command. */
  command?: string;
  port?: number;
  /** CF_INSTANCE_INDEX; also names the log source (APP/PROC/WEB/<index>). Default 0. */
  instanceIndex?: number;
  healthCheck: HealthCheck;
  /** Stops the instance, even before it is healthy (a supervisor told to stop while an instance starts). */
  signal?: AbortSignal;
  /** The launcher's pid, as soon as it runs. */
  onSpawn?: (pid: number) => void;
  stdout: Writable;
  stderr: Writable;
}

export interface RunningApp {
  url: string;
  port: number;
  instanceGuid: string;
  process: ChildProcess;
  /** Resolves with the app's exit code (the launcher passes it through). */
  exited: Promise<number>;
  stop(): Promise<number>;
}

export class StartError extends Error {
  constructor(
    message: string,
    readonly reason: 'exited' | 'timeout',
    readonly exitCode: number | null,
  ) {
    super(message);
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Starts one web instance of a droplet as Diego does: extract it to a fresh home, run the launcher with
 * the LRP environment, and wait for the health check. App output is streamed in `cf logs` format.
 */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const home = join(options.instanceRoot, 'home', 'vcap');
  await rm(options.instanceRoot, { recursive: true, force: true });
  await mkdir(home, { recursive: true });
  await extractTgz(options.dropletPath, home);

  const port = options.port ?? (await freePort());
  const index = options.instanceIndex ?? 0;
  const instanceGuid = randomUUID();
  const stackPath = await ensureStackPath(options.dataDir, options.app.stack);
  const env = runtimeEnvironment(options.app, {
    stackPath,
    port,
    instanceIndex: index,
    instanceGuid,
    processType: 'web',
    processGuid: options.app.guid,
  });
  const child = spawnLauncher({
    appDir: join(home, 'app'),
    command: options.command ?? '',
    metadata: '',
    env,
    cwd: home,
    stdio: ['ignore', 'pipe', 'pipe'],
    processGroup: true,
  });
  child.stdout?.pipe(appLog(`APP/PROC/WEB/${index}`, 'OUT')).pipe(options.stdout, { end: false });
  child.stderr?.pipe(appLog(`APP/PROC/WEB/${index}`, 'ERR')).pipe(options.stderr, { end: false });
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + signalNumber(signal) : 1)));
    child.once('error', () => resolve(1));
  });

  const stop = async (): Promise<number> => {
    if (child.exitCode === null && child.signalCode === null) {
      // Diego: SIGTERM, then SIGKILL after a 10 s grace period, to every process of the instance (a start
      // command like `npm start` leaves its children behind otherwise, holding the log pipes open).
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    }
    return exited;
  };
  if (child.pid !== undefined) options.onSpawn?.(child.pid);
  if (options.signal?.aborted) void stop();
  else options.signal?.addEventListener('abort', () => void stop(), { once: true });
  const state = options.signal?.aborted ? 'exited' : await waitUntilHealthy(port, options.healthCheck, exited);
  if (state !== 'healthy') {
    const code = state === 'exited' ? await exited : await stop();
    throw new StartError(state === 'exited' ? 'Instance exited before it became healthy' : 'Start timed out', state, code);
  }
  return { url: `http://127.0.0.1:${port}`, port, instanceGuid, process: child, exited, stop };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    child.kill(signal);
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return numbers[signal] ?? 0;
}
