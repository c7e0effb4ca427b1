import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LockTimeoutError, withLockFile } from './lock-file.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A process that has already exited: its pid names nobody. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('close', r));
  return child.pid as number;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill();
});

/** Another process, alive until the test ends: a holder that is not this one. */
function livePid(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
  running.push(child);
  return child.pid as number;
}

describe('withLockFile, as the registry takes it', () => {
  it('runs holders one at a time and removes the lock after each', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const lock = join(dir, 'x.lock');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withLockFile(lock, async () => {
          most = Math.max(most, ++inside);
          await sleep(5);
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('never lets two holders in when the contenders are one process (20 rounds of 16, holds ending at random)', async () => {
    for (let round = 0; round < 20; round++) {
      const dir = await mkdtemp(join(tmpdir(), 'bpkit-lock-'));
      let inside = 0;
      let overlaps = 0;
      await Promise.all(
        Array.from({ length: 16 }, () =>
          withLockFile(join(dir, 'x.lock'), async () => {
            inside += 1;
            if (inside > 1) overlaps += 1;
            await new Promise((r) => setTimeout(r, Math.random() * 3));
            inside -= 1;
          }),
        ),
      );
      expect(overlaps).toBe(0);
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it('breaks a lock whose owner is gone, or that is older than any holder takes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const lock = join(dir, 'x.lock');
    await writeFile(lock, `${await deadPid()}\n`);
    await expect(withLockFile(lock, async () => 'taken', { timeoutMs: 2000 })).resolves.toBe('taken');
    await writeFile(lock, `${livePid()}\n`);
    await utimes(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await expect(withLockFile(lock, async () => 'taken', { timeoutMs: 2000, staleMs: 30_000 })).resolves.toBe('taken');
  });

  it('gives up on a live holder after the timeout, naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const lock = join(dir, 'x.lock');
    const holder = livePid();
    await writeFile(lock, `${holder}\n`);
    const waited = withLockFile(lock, async () => 'never', { timeoutMs: 100 });
    await expect(waited).rejects.toBeInstanceOf(LockTimeoutError);
    await expect(waited).rejects.toThrow(`held by pid ${holder}`);
  });
});

describe('withLockFile, as an app staging takes it', () => {
  const stagingLock = (dir: string) => join(dir, 'staging.lock');

  it('lets stagings of one app take turns, telling the waiting one once, and leaves no lock behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const events: string[] = [];
    let waits = 0;
    const stage = (name: string) =>
      withLockFile(
        stagingLock(dir),
        async () => {
          events.push(`${name} in`);
          await sleep(150);
          events.push(`${name} out`);
          return name;
        },
        { onWait: () => void (waits += 1) },
      );
    expect(await Promise.all([stage('a'), stage('b'), stage('c')])).toEqual(['a', 'b', 'c']);
    for (let i = 0; i < events.length; i += 2) expect(events[i + 1]).toBe(events[i]?.replace(' in', ' out'));
    expect(waits).toBe(2);
    expect(await readdir(dir)).toEqual([]);
  });

  it('releases the lock when the staging throws', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    await expect(withLockFile(stagingLock(dir), async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withLockFile(stagingLock(dir), async () => 'next')).toBe('next');
  });

  it('takes over a lock whose processes are all gone, and one of this pid from an earlier process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    let waited = false;
    const onWait = () => void (waited = true);
    await writeFile(stagingLock(dir), `${await deadPid()} 1\n`);
    expect(await withLockFile(stagingLock(dir), async () => 'dead owner', { onWait })).toBe('dead owner');
    await writeFile(stagingLock(dir), `${process.pid} 1\n`);
    expect(await withLockFile(stagingLock(dir), async () => 'reused pid', { onWait })).toBe('reused pid');
    expect(waited).toBe(false);
  });

  it('keeps a lock while its guard (the watchdog cleaning up after a killed staging) still runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const guard = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600)']);
    const exited = new Promise((r) => guard.once('close', r));
    let took = false;
    await withLockFile(stagingLock(dir), async (lock) => {
      await lock.guardedBy(guard.pid as number);
      expect((await readFile(lock.path, 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
      // Left as a killed staging leaves it: the owner's line names a dead process, the guard's a live one.
      const lines = (await readFile(lock.path, 'utf8')).split('\n');
      await writeFile(lock.path, [`${await deadPid()} 1`, ...lines.slice(1)].join('\n'));
    });
    const next = withLockFile(stagingLock(dir), async () => void (took = true));
    await sleep(300);
    expect(took).toBe(false);
    await exited;
    await next;
    expect(took).toBe(true);
  });
});
