// A lock between bpkit processes sharing one BPKIT_HOME: a file created with O_EXCL (atomic on local filesystems)
// holding the owner's pid. Waiters retry with a short backoff. A lock whose owner has died (kill -9 in the middle)
// is broken; so is one older than any critical section could take, in case its pid has been reused.
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export class LockTimeoutError extends Error {}

export interface FileLockOptions {
  /** How long to wait for the lock before failing. */
  timeoutMs?: number;
  /** A lock older than this is stale whoever holds it. */
  staleMs?: number;
}

/** Runs `fn` holding the lock file at `path`. */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  await acquire(path, options.timeoutMs ?? 30_000, options.staleMs ?? 30_000);
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}

async function acquire(path: string, timeoutMs: number, staleMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await lockOwner(path, staleMs);
    if (owner === 'stale') {
      await breakLock(path);
      continue;
    }
    if (Date.now() > deadline) {
      throw new LockTimeoutError(`Timed out after ${timeoutMs / 1000}s waiting for ${path}${owner ? ` (held by pid ${owner})` : ''}`);
    }
    // Critical sections are a read and a rename of a small file: a few ms; spread retries so waiters interleave.
    await sleep(Math.min(5 * 2 ** Math.min(attempt, 5), 100) + Math.random() * 5);
  }
}

/** The owner's pid, 'stale' if it is gone or the lock is too old, undefined if unknown yet (just created). */
async function lockOwner(path: string, staleMs: number): Promise<number | 'stale' | undefined> {
  const [content, info] = await Promise.all([readFile(path, 'utf8').catch(() => undefined), stat(path).catch(() => undefined)]);
  if (!info) return undefined;
  if (Date.now() - info.mtimeMs > staleMs) return 'stale';
  const pid = Number.parseInt(content ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: alive, another user's. ESRCH: gone.
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'stale' : pid;
  }
}

/**
 * Renamed away first, so of several waiters that found it stale only one removes it. (One that judged it stale
 * just before another broke and re-took it could still move the new lock: that needs a crash and a tie, and costs
 * at worst one lost update, which is what there was without a lock at all.)
 */
async function breakLock(path: string): Promise<void> {
  const aside = `${path}.stale-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  await rm(aside, { force: true });
}
