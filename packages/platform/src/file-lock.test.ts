import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockTimeoutError, withFileLock } from './file-lock.ts';

describe('withFileLock', () => {
  it('runs holders one at a time and removes the lock after each', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const lock = join(dir, 'x.lock');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(lock, async () => {
          most = Math.max(most, ++inside);
          await new Promise((r) => setTimeout(r, 5));
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('breaks a lock whose owner is gone, or that is older than any holder takes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const lock = join(dir, 'x.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await writeFile(lock, `${dead}\n`);
    await expect(withFileLock(lock, async () => 'taken', { timeoutMs: 2000 })).resolves.toBe('taken');
    await writeFile(lock, `${process.pid}\n`);
    await utimes(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await expect(withFileLock(lock, async () => 'taken', { timeoutMs: 2000, staleMs: 30_000 })).resolves.toBe('taken');
  });

  it('gives up on a live holder after the timeout, naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const lock = join(dir, 'x.lock');
    await writeFile(lock, `${process.pid}\n`);
    const waited = withFileLock(lock, async () => 'never', { timeoutMs: 100 });
    await expect(waited).rejects.toBeInstanceOf(LockTimeoutError);
    await expect(waited).rejects.toThrow(`held by pid ${process.pid}`);
  });
});
