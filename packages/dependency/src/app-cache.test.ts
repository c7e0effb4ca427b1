import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appCachePath, cleanupAppCache, markUsed, touchCacheFile, uriBasename } from './app-cache.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bpkit-appcache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('app cache', () => {
  it('names files like libbuildpack', () => {
    expect(appCachePath('/c', 'https://h/x/go.tgz')).toMatch(/^\/c\/dependencies\/[0-9a-f]{64}\/go\.tgz$/);
    expect(uriBasename('https://h/x/ruby%201.tgz?sig=abc')).toBe('ruby 1.tgz');
  });

  it('drops files not used since the staging started', async () => {
    const old = appCachePath(dir, 'https://h/old.tgz');
    const used = appCachePath(dir, 'https://h/used.tgz');
    for (const p of [old, used]) {
      await mkdir(join(p, '..'), { recursive: true });
      await writeFile(p, 'x');
      await utimes(p, new Date('2020-01-01'), new Date('2020-01-01'));
    }
    const start = new Date();
    await touchCacheFile(used);
    expect(await cleanupAppCache(dir, start)).toEqual([old]);
    expect((await readdir(join(dir, 'dependencies'))).length).toBe(1);
    expect(await cleanupAppCache(join(dir, 'missing'))).toEqual([]);
  });

  it('keeps unpacked copies marked as used, however old the copy itself, and drops the others with their marks', async () => {
    const long = new Date('2020-01-01');
    for (const version of ['1.0.0-aaaa', '2.0.0-bbbb']) {
      const copy = join(dir, 'unpacked', 'tool', version);
      await mkdir(copy, { recursive: true });
      await writeFile(`${copy}.used`, '');
      await utimes(copy, long, long);
      await utimes(`${copy}.used`, long, long);
    }
    const start = new Date();
    await markUsed(join(dir, 'unpacked', 'tool', '2.0.0-bbbb'));
    expect(await cleanupAppCache(dir, start)).toEqual([join(dir, 'unpacked', 'tool', '1.0.0-aaaa')]);
    expect((await readdir(join(dir, 'unpacked', 'tool'))).sort()).toEqual(['2.0.0-bbbb', '2.0.0-bbbb.used']);
  });
});
