// A lock between bpkit processes sharing one BPKIT_HOME: a file created with O_EXCL (atomic on local filesystems)
// whose lines name the processes that keep it: the holder, then any guard it adds (a staging's watchdog, which
// cleans up after a killed staging and deletes the lock last). Waiters retry with a short backoff. A lock is
// broken when all of its processes are gone (kill -9 in the middle) and, with `staleMs`, when it is older than
// any holder could take, in case a pid has been reused.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export class LockTimeoutError extends Error {}

export interface LockOptions {
  /** Give up waiting after this long. Unset: wait as long as the holder lives. */
  timeoutMs?: number;
  /** A lock older than this is stale whoever holds it. Unset: only a lock whose processes are all gone is. */
  staleMs?: number;
  /** Called once if another holds the lock. */
  onWait?: () => void;
}

export interface HeldLock {
  /** The lock file: a guard that outlives the holder deletes it when done. */
  readonly path: string;
  /** Keeps the lock live while `pid` runs, even after this process is gone. */
  guardedBy(pid: number): Promise<void>;
}

/** A lock file still empty after this long was left by a process that died between creating and writing it. */
const EMPTY_GRACE_MS = 10_000;
const MAX_POLL_MS = 100;

/**
 * The lines of the locks this process holds. A line naming this pid is live only if it is one of them: the
 * same pid in a lock left by an earlier process (a container's pids repeat) is not. The random third field
 * tells apart holds of one process, so one being released is never taken for another.
 */
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

/** `PID START` as a lock line, `PID -` where the start time can't be read. */
async function processId(pid: number): Promise<string> {
  return `${pid} ${(await startTime(pid)) ?? '-'}`;
}

async function processAlive(id: string): Promise<boolean> {
  const [pidText, start] = id.split(' ');
  const pid = Number(pidText);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return held.has(id);
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists under another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (start === undefined || start === '-') return true;
  const now = await startTime(pid);
  return now === undefined || now === start;
}

/**
 * 'abandoned'; 'released' when the holder was this process and has let go; or what keeps the lock: a live process's
 * pid (undefined while the lock is still being written).
 */
async function keeper(path: string, text: string, staleMs: number | undefined): Promise<'abandoned' | 'released' | { pid: number | undefined }> {
  const info = await stat(path).catch(() => undefined);
  const age = info ? Date.now() - info.mtimeMs : 0;
  if (staleMs !== undefined && age > staleMs) return 'abandoned';
  const ids = text.split('\n').filter(Boolean);
  if (ids.length === 0) return age > EMPTY_GRACE_MS ? 'abandoned' : { pid: undefined };
  // Judged with no await between the check and the answer: a hold of ours can end at any await.
  const ours = await processId(process.pid);
  const holder = ids[0] as string;
  if (holder.startsWith(`${ours} `) && !held.has(holder)) return 'released';
  for (const id of ids) if (await processAlive(id)) return { pid: Number(id.split(' ')[0]) };
  return 'abandoned';
}

/**
 * Moves an abandoned lock aside, then deletes it, so of several waiters that found it abandoned only one removes
 * it; a lock that changed hands meanwhile is put back.
 */
async function breakLock(path: string, seen: string): Promise<void> {
  const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return; // another waiter moved it first
  }
  if ((await readFile(aside, 'utf8').catch(() => '')) !== seen) await rename(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

/** Runs `fn` holding the lock file at `path`. */
export async function withLockFile<T>(path: string, fn: (lock: HeldLock) => Promise<T>, options: LockOptions = {}): Promise<T> {
  const me = `${await processId(process.pid)} ${randomBytes(4).toString('hex')}`;
  let lines = `${me}\n`;
  const started = Date.now();
  let announced = false;
  // Counted as held before the file exists: another waiter in this process may read our line between the write
  // and our next step, and must not take it for a dead process's.
  held.add(me);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await writeFile(path, lines, { flag: 'wx' });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const seen = await readFile(path, 'utf8').catch(() => undefined);
      if (seen === undefined) continue; // released meanwhile
      const kept = await keeper(path, seen, options.staleMs);
      // What we read was a hold of this process that has ended since (its file is deleted before it stops counting
      // as held): whatever is at `path` now is another's, and breaking it as abandoned would let two holders in.
      if (kept === 'released') continue;
      if (kept === 'abandoned') {
        await breakLock(path, seen);
        continue;
      }
      if (options.timeoutMs !== undefined && Date.now() - started > options.timeoutMs) {
        const by = kept.pid === undefined ? '' : ` (held by pid ${kept.pid})`;
        throw new LockTimeoutError(`Timed out after ${options.timeoutMs / 1000}s waiting for ${path}${by}`);
      }
      if (!announced) {
        announced = true;
        options.onWait?.();
      }
      // Spread retries so waiters interleave; a registry holder takes a few ms, a staging minutes.
      await sleep(Math.min(5 * 2 ** Math.min(attempt, 5), MAX_POLL_MS) + Math.random() * 5);
    }
  } catch (error) {
    held.delete(me);
    throw error;
  }
  const lock: HeldLock = {
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
    // Only our own: one broken as stale and taken by another is not ours to delete. Removed before it stops
    // counting as held, so no waiter in this process takes it for abandoned meanwhile.
    if ((await readFile(path, 'utf8').catch(() => '')).split('\n')[0] === me) await rm(path, { force: true });
    held.delete(me);
  }
}
