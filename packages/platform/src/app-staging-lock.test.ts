import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withAppStagingLock } from './app-staging-lock.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A process that has already exited: its pid names nobody. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('close', r));
  return child.pid as number;
}

describe('withAppStagingLock', () => {
  it('lets stagings of one app take turns, telling the waiting one once, and leaves no lock behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const events: string[] = [];
    let waits = 0;
    const stage = (name: string) =>
      withAppStagingLock(dir, () => void (waits += 1), async () => {
        events.push(`${name} in`);
        await sleep(150);
        events.push(`${name} out`);
        return name;
      });
    expect(await Promise.all([stage('a'), stage('b'), stage('c')])).toEqual(['a', 'b', 'c']);
    for (let i = 0; i < events.length; i += 2) expect(events[i + 1]).toBe(events[i]?.replace(' in', ' out'));
    expect(waits).toBe(2);
    expect(await readdir(dir)).toEqual([]);
  });

  it('releases the lock when the staging throws', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    await expect(withAppStagingLock(dir, () => undefined, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withAppStagingLock(dir, () => undefined, async () => 'next')).toBe('next');
  });

  it('takes over a lock whose processes are all gone, and one of this pid from an earlier process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    let waited = false;
    await writeFile(join(dir, 'staging.lock'), `${await deadPid()} 1\n`);
    expect(await withAppStagingLock(dir, () => void (waited = true), async () => 'dead owner')).toBe('dead owner');
    await writeFile(join(dir, 'staging.lock'), `${process.pid} 1\n`);
    expect(await withAppStagingLock(dir, () => void (waited = true), async () => 'reused pid')).toBe('reused pid');
    expect(waited).toBe(false);
  });

  it('keeps a lock while its guard (the watchdog cleaning up after a killed staging) still runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const guard = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600)']);
    const exited = new Promise((r) => guard.once('close', r));
    let took = false;
    await withAppStagingLock(dir, () => undefined, async (lock) => {
      await lock.guardedBy(guard.pid as number);
      expect((await readFile(lock.path, 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
      // Left as a killed staging leaves it: the owner's line names a dead process, the guard's a live one.
      const lines = (await readFile(lock.path, 'utf8')).split('\n');
      await writeFile(lock.path, [`${await deadPid()} 1`, ...lines.slice(1)].join('\n'));
    });
    const next = withAppStagingLock(dir, () => undefined, async () => void (took = true));
    await sleep(300);
    expect(took).toBe(false);
    await exited;
    await next;
    expect(took).toBe(true);
  });
});
