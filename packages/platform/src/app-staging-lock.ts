// Stagings of one app share its state dir: the build-artifacts cache is used in place (no tgz round trip) and
// the droplet, its segment index and result.json are published there. CF gives every staging its own copy of
// the cache and publishes atomically, so concurrent stagings of one app never see each other; here they take
// turns instead, behind a lock file. Its lines name the processes that keep it: the staging and then its
// watchdog, which cleans up after a killed staging and deletes the lock last. The lock is abandoned only
// when all of them are gone; the next staging then takes it over.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const POLL_MS = 100;
/** A lock file still empty after this long was left by a process that died between creating and writing it. */
const EMPTY_GRACE_MS = 10_000;

/** Locks this process holds: its own pid in a lock file is live only for these. */
const held = new Set<string>();

/** A process's start time in clock ticks since boot (/proc/PID/stat field 22), to tell a reused pid apart. */
async function startTime(pid: number): Promise<string | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command) is in parentheses and may hold spaces; fields 3… follow the last ')'.
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** `PID START` as a lock line. */
async function processId(pid: number): Promise<string> {
  const start = await startTime(pid);
  return start ? `${pid} ${start}` : `${pid}`;
}

async function processAlive(lock: string, id: string): Promise<boolean> {
  const [pidText, start] = id.split(' ');
  const pid = Number(pidText);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return held.has(lock);
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists under another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (start === undefined) return true;
  const now = await startTime(pid);
  return now === undefined || now === start;
}

async function abandoned(lock: string, text: string): Promise<boolean> {
  const ids = text.split('\n').filter(Boolean);
  if (ids.length === 0) {
    const info = await stat(lock).catch(() => undefined);
    return info !== undefined && Date.now() - info.mtimeMs > EMPTY_GRACE_MS;
  }
  for (const id of ids) if (await processAlive(lock, id)) return false;
  return true;
}

/** Moves an abandoned lock aside, then deletes it; a lock that changed hands meanwhile is put back. */
async function takeOver(lock: string, seen: string): Promise<void> {
  const aside = `${lock}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lock, aside);
  } catch {
    return; // another waiter moved it first
  }
  if ((await readFile(aside, 'utf8').catch(() => '')) !== seen) await rename(aside, lock).catch(() => undefined);
  await rm(aside, { force: true });
}

export interface AppStagingLock {
  /** The lock file: a watchdog that cleans up after this staging deletes it when done. */
  readonly path: string;
  /** Keeps the lock live while `pid` runs, even after this process is gone. */
  guardedBy(pid: number): Promise<void>;
}

/**
 * Runs `fn` holding the staging lock of the app whose state dir is `stateDir`. `onWait` is called once if
 * another staging of the app holds it.
 */
export async function withAppStagingLock<T>(stateDir: string, onWait: () => void, fn: (lock: AppStagingLock) => Promise<T>): Promise<T> {
  const path = join(stateDir, 'staging.lock');
  const me = await processId(process.pid);
  let lines = `${me}\n`;
  let announced = false;
  for (;;) {
    try {
      await writeFile(path, lines, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const seen = await readFile(path, 'utf8').catch(() => undefined);
    if (seen === undefined) continue; // released meanwhile
    if (await abandoned(path, seen)) {
      await takeOver(path, seen);
      continue;
    }
    if (!announced) {
      announced = true;
      onWait();
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  held.add(path);
  const lock: AppStagingLock = {
    path,
    async guardedBy(pid) {
      lines += `${await processId(pid)}\n`;
      const tmp = `${path}.tmp-${process.pid}`;
      await writeFile(tmp, lines);
      await rename(tmp, path);
    },
  };
  try {
    return await fn(lock);
  } finally {
    held.delete(path);
    // Only our own lock: one taken over after a false "abandoned" verdict is not ours to delete.
    if ((await readFile(path, 'utf8').catch(() => '')).split('\n')[0] === me) await rm(path, { force: true });
  }
}
