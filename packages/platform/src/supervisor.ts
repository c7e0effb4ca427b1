// One app's instances kept running after the command that started them has exited: Diego's cell rep and its
// crash policy for one LRP. The CLI starts it detached (supervisor-control.ts); it holds the app's
// supervisor.lock for as long as it lives, reports in status.json, writes the app's log, and records crashes.
//   SIGTERM: stop every instance (Diego's SIGTERM, then SIGKILL after 10 s) and exit.
//   SIGHUP:  read app.json again and start or stop instances to match its instance count.
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WriteStream } from 'node:fs';
import { recordEvent } from './app-events.ts';
import { openAppLog, platformLine } from './app-log-file.ts';
import { type AppRecord, AppStore } from './app-store.ts';
import { runtimeApp } from './runtime-app.ts';
import { type AppStatus, type InstanceStatus, writeStatus } from './instance-status.ts';
import { withLockFile } from './lock-file.ts';
import { StartError, freePort, startApp } from './start-app.ts';

/** Diego restarts a crashed instance at once three times, then waits 30 s, doubling up to 16 minutes. */
export function restartDelayMs(crashCount: number): number {
  if (crashCount <= 3) return 0;
  return Math.min(30_000 * 2 ** (crashCount - 4), 16 * 60_000);
}

/** BBS's CrashResetTimeout: an instance that ran this long before it crashed starts its count again. */
export const CRASH_RESET_MS = 5 * 60_000;

/** The crash count after a crash: one more, or 1 when the instance had been running for CRASH_RESET_MS. */
export function nextCrashCount(previous: number, runningForMs: number | undefined): number {
  return runningForMs !== undefined && runningForMs >= CRASH_RESET_MS ? 1 : previous + 1;
}

interface Slot {
  status: InstanceStatus;
  stop: AbortController;
  done: Promise<void>;
}

export async function supervise(dataDir: string, appName: string): Promise<void> {
  const store = new AppStore(dataDir);
  const dir = store.dir(appName);
  // A supervisor being replaced may still be stopping its instances: wait for it, not forever.
  await withLockFile(join(dir, 'supervisor.lock'), async () => {
    const pidFile = join(dir, 'supervisor.pid');
    await writeFile(pidFile, `${process.pid}\n`);
    const log = await openAppLog(dataDir, appName);
    const slots = new Map<number, Slot>();
    let record = await store.require(appName);
    let writes = Promise.resolve();
    const publish = (): void => {
      const status: AppStatus = { supervisorPid: process.pid, instances: [...slots.values()].map((s) => s.status).sort((a, b) => a.index - b.index) };
      writes = writes.then(() => writeStatus(dataDir, appName, status)).catch(() => undefined);
    };

    const reconcile = async (): Promise<void> => {
      record = await store.require(appName);
      for (const [index, slot] of slots) {
        if (index >= record.instances) {
          slot.stop.abort();
          await slot.done;
          slots.delete(index);
        }
      }
      for (let index = 0; index < record.instances; index++) {
        if (!slots.has(index)) slots.set(index, runInstance(index));
      }
      publish();
    };

    const runInstance = (index: number): Slot => {
      const stop = new AbortController();
      const slot: Slot = {
        status: { index, state: 'starting', port: record.ports[index] ?? 0, since: new Date().toISOString(), crashCount: 0 },
        stop,
        done: Promise.resolve(),
      };
      slot.done = keepRunning(slot, index, () => record, dataDir, log, publish);
      return slot;
    };

    let stopping = false;
    let reconciling = Promise.resolve();
    const finished = new Promise<void>((resolve) => {
      process.once('SIGTERM', () => {
        stopping = true;
        resolve();
      });
      process.once('SIGINT', () => {
        stopping = true;
        resolve();
      });
    });
    process.on('SIGHUP', () => {
      if (!stopping) reconciling = reconciling.then(reconcile).catch(() => undefined);
    });
    reconciling = reconcile();
    await finished;
    await reconciling;
    for (const slot of slots.values()) slot.stop.abort();
    await Promise.all([...slots.values()].map((s) => s.done));
    publish();
    await writes;
    await new Promise<void>((resolve) => log.end(resolve));
    await rm(pidFile, { force: true });
  }, { timeoutMs: 30_000 });
}

/** One instance index, started again after every crash until told to stop. */
async function keepRunning(
  slot: Slot,
  index: number,
  current: () => AppRecord,
  dataDir: string,
  log: WriteStream,
  publish: () => void,
): Promise<void> {
  const { signal } = slot.stop;
  const cell = `CELL/${index}`;
  while (!signal.aborted) {
    const record = current();
    const port = record.ports[index] ?? (await freePort());
    const instanceGuid = randomUUID();
    slot.status = { ...slot.status, state: 'starting', port, since: new Date().toISOString() };
    delete slot.status.pid;
    publish();
    log.write(platformLine(cell, `Cell local creating container for instance ${instanceGuid}`));
    let code: number | null;
    try {
      const app = await runtimeApp(dataDir, record);
      const running = await startApp({
        app,
        dropletPath: join(new AppStore(dataDir).dir(record.name), 'droplet.tgz'),
        instanceRoot: join(new AppStore(dataDir).dir(record.name), 'instances', String(index)),
        dataDir,
        ...(record.command !== undefined ? { command: record.command } : {}),
        port,
        instanceIndex: index,
        healthCheck: record.healthCheck,
        signal,
        onSpawn: (pid) => {
          slot.status = { ...slot.status, pid };
          publish();
        },
        stdout: log,
        stderr: log,
      });
      slot.status = { ...slot.status, state: 'running', since: new Date().toISOString() };
      publish();
      log.write(platformLine(cell, 'Container became healthy'));
      code = await running.exited;
    } catch (error) {
      if (!(error instanceof StartError)) {
        log.write(platformLine(cell, `Failed to start instance: ${(error as Error).message}`));
        code = null;
      } else {
        code = error.exitCode;
        if (!signal.aborted && error.reason === 'timeout') {
          log.write(platformLine(cell, `Instance never healthy after ${record.healthCheck.timeoutSeconds ?? 60}s`));
        }
      }
    }
    if (signal.aborted) {
      log.write(platformLine(cell, `Stopping instance ${instanceGuid}`));
      log.write(platformLine(cell, `Destroying container for instance ${instanceGuid}`));
      break;
    }
    const ranFor = slot.status.state === 'running' ? Date.now() - Date.parse(slot.status.since) : undefined;
    const crashCount = nextCrashCount(slot.status.crashCount, ranFor);
    const exit = `APP/PROC/WEB: Exited with status ${code ?? 1}`;
    slot.status = { ...slot.status, state: 'crashed', since: new Date().toISOString(), crashCount, lastCrash: exit };
    delete slot.status.pid;
    publish();
    log.write(platformLine(`APP/PROC/WEB/${index}`, `Exit status ${code ?? 1}`));
    log.write(platformLine('API/0', 'Process has crashed with type: "web"'));
    log.write(
      platformLine(
        'API/0',
        `App instance exited with guid ${record.guid} payload: {"instance"=>"${instanceGuid}", "index"=>${index}, "cell_id"=>"local", ` +
          `"reason"=>"CRASHED", "exit_description"=>"${exit}", "crash_count"=>${crashCount}, "crash_timestamp"=>${Date.now() * 1_000_000}}`,
      ),
    );
    await recordEvent(dataDir, record.name, 'app.crash', `index: ${index}, reason: CRASHED, cell_id: local, instance: ${instanceGuid}, exit_description: ${exit}`, record.name);
    await sleep(restartDelayMs(crashCount), undefined, { signal }).catch(() => undefined);
  }
  slot.status = { ...slot.status, state: 'down', since: new Date().toISOString() };
  delete slot.status.pid;
}
