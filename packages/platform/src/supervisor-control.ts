// The CLI's side of an app's supervisor (supervisor.ts): start it detached, signal it, stop it, and wait for its
// instances. A supervisor is known by its pid file, and a pid counts only while /proc says it is that app's
// supervisor: after a reboot the file names a pid that is gone or belongs to something else.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppStore } from './app-store.ts';
import { type AppStatus, readStatus } from './instance-status.ts';

/** How to run a supervisor: a program and its arguments, to which `<appName> --data-dir <dir>` are added. */
export interface SupervisorLaunch {
  command: string;
  args: string[];
}

const SUPERVISOR_MARK = '_supervise';

async function cmdline(pid: number): Promise<string[]> {
  const text = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return text.split('\0');
}

/** The pid of the app's live supervisor, if there is one. */
export async function supervisorPid(dataDir: string, appName: string): Promise<number | undefined> {
  const text = await readFile(join(new AppStore(dataDir).dir(appName), 'supervisor.pid'), 'utf8').catch(() => '');
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const args = await cmdline(pid);
  return args.includes(SUPERVISOR_MARK) && args.includes(appName) ? pid : undefined;
}

/** Starts the app's supervisor, replacing a running one (cf restart semantics); resolves to its pid. */
export async function startSupervisor(dataDir: string, appName: string, launch: SupervisorLaunch): Promise<number> {
  await stopSupervisor(dataDir, appName);
  const dir = new AppStore(dataDir).dir(appName);
  await mkdir(join(dir, 'logs'), { recursive: true });
  await rm(join(dir, 'status.json'), { force: true });
  // Its own output (not the app's) goes to a file: there is no terminal once the CLI has exited.
  const out = openSync(join(dir, 'logs', 'supervisor.log'), 'a');
  try {
    const child = spawn(launch.command, [...launch.args, SUPERVISOR_MARK, appName, '--data-dir', dataDir], {
      detached: true,
      stdio: ['ignore', out, out],
      cwd: dir,
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start the supervisor of app ${appName}`);
    return child.pid;
  } finally {
    closeSync(out);
  }
}

/** Sends SIGHUP so the supervisor reads app.json again (scale). False when no supervisor runs. */
export async function reloadSupervisor(dataDir: string, appName: string): Promise<boolean> {
  const pid = await supervisorPid(dataDir, appName);
  if (pid === undefined) return false;
  process.kill(pid, 'SIGHUP');
  return true;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Stops the supervisor and with it every instance. A supervisor that does not exit in time is killed, and so are
 * the instances it left (a supervisor killed with -9 leaves them running: their pids are in status.json).
 */
export async function stopSupervisor(dataDir: string, appName: string, graceMs = 20_000): Promise<void> {
  const pid = await supervisorPid(dataDir, appName);
  if (pid !== undefined) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (alive(pid) && Date.now() < deadline) await sleep(50);
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  await killOrphans(dataDir, appName);
}

async function killOrphans(dataDir: string, appName: string): Promise<void> {
  const store = new AppStore(dataDir);
  const record = await store.get(appName);
  const status = await readStatus(dataDir, appName);
  if (!record || !status) return;
  for (const instance of status.instances) {
    if (instance.pid === undefined) continue;
    // Only a process that is still this app's instance: its environment carries the app's guid.
    const environ = await readFile(`/proc/${instance.pid}/environ`, 'utf8').catch(() => '');
    if (!environ.includes(record.guid)) continue;
    try {
      process.kill(-instance.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

export type StartOutcome = { state: 'running' | 'crashed' | 'timeout' | 'gone'; status?: AppStatus };

/**
 * Waits until every instance the supervisor `pid` runs is running (cf push's "Waiting for app to start"); any
 * crash before that, the supervisor's death or the timeout end the wait.
 */
export async function waitForInstances(dataDir: string, appName: string, pid: number, instances: number, timeoutMs: number): Promise<StartOutcome> {
  const deadline = Date.now() + timeoutMs;
  let status: AppStatus | undefined;
  while (Date.now() < deadline) {
    status = await readStatus(dataDir, appName);
    if (status?.supervisorPid === pid) {
      const current = status.instances.filter((i) => i.index < instances);
      if (current.some((i) => i.crashCount > 0 && i.state !== 'running')) return { state: 'crashed', status };
      if (current.length === instances && current.every((i) => i.state === 'running')) return { state: 'running', status };
    }
    if (!alive(pid)) return { state: 'gone', ...(status ? { status } : {}) };
    await sleep(100);
  }
  return { state: 'timeout', ...(status ? { status } : {}) };
}
