import { link, mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDirName } from '@bpkit/stager';
import { describe, expect, it } from 'vitest';
import { AppStore, newAppRecord } from './app-store.ts';
import {
  DEFAULT_BUILD_CACHE_LIMIT,
  buildCacheDir,
  buildCacheLimit,
  buildCacheReport,
  clearBuildCache,
  enforceCacheLimit,
  formatBytes,
  parseByteSize,
} from './build-cache.ts';
import { withLockFile } from './lock-file.ts';
import { appStateDir } from './stage-app.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Between writes that must be told apart by their times (ctime has a clock tick's resolution). */
const tick = () => sleep(25);

async function file(path: string, bytes: number): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, Buffer.alloc(bytes, 1));
}

/** A platform data dir with app `web` and an empty cache dir. */
async function platform(): Promise<{ dataDir: string; cache: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bpkit-build-cache-'));
  await new AppStore(dataDir).update('web', () => newAppRecord('web', '/src/web'));
  const cache = buildCacheDir(dataDir, 'web');
  await mkdir(cache, { recursive: true });
  return { dataDir, cache };
}

/** The start of a staging as stageApp makes it: a limit check (here one that evicts nothing). */
async function stagingStarts(dataDir: string): Promise<void> {
  await enforceCacheLimit(dataDir, 'web', Number.MAX_SAFE_INTEGER, () => undefined);
  await tick();
}

/**
 * What a go supply and a nodejs final buildpack leave over three stagings: the first downloads a tarball (never
 * used again) and the go toolchain; the second uses the toolchain again and fills Go's caches; the third installs
 * the node toolchain and caches node_modules.
 */
async function warmCache(dataDir: string, cache: string): Promise<string> {
  const go = cacheDirName('go_buildpack_key');
  await stagingStarts(dataDir);
  await file(join(cache, 'final/dependencies/aaaa/node.tgz'), 4000);
  await file(join(cache, go, 'unpacked/go/1.22.1-abcd/bin/go'), 3000);
  await file(join(cache, go, 'unpacked/go/1.22.1-abcd.used'), 0);
  await tick();
  await stagingStarts(dataDir);
  await writeFile(join(cache, go, 'unpacked/go/1.22.1-abcd.used'), '');
  await file(join(cache, go, 'go-cache/00/a-d'), 100);
  await file(join(cache, go, 'go-cache/ff/b-d'), 100);
  await file(join(cache, go, 'go-mod/cache/download/x.zip'), 200);
  await tick();
  await stagingStarts(dataDir);
  await file(join(cache, 'final/unpacked/node/22.1.0-ef01/bin/node'), 2000);
  await file(join(cache, 'final/unpacked/node/22.1.0-ef01.used'), 0);
  await file(join(cache, 'final/node/node_modules/greeting/index.js'), 50);
  await file(join(cache, 'final/node/tree-cache.json'), 10);
  await writeFile(join(cache, 'final/BUILDPACK_METADATA'), 'language: nodejs\nversion: 1.0.0\n');
  await tick();
  return go;
}

describe('sizes', () => {
  it('parses sizes in binary units as cf does, and formats them as cf shows them', () => {
    expect(parseByteSize('512M')).toBe(512 * 1024 ** 2);
    expect(parseByteSize('2G')).toBe(2 * 1024 ** 3);
    expect(parseByteSize('2gb')).toBe(2 * 1024 ** 3);
    expect(parseByteSize('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseByteSize('100K')).toBe(102_400);
    expect(parseByteSize('4096')).toBe(4096);
    expect(parseByteSize('0')).toBe(0);
    for (const bad of ['', 'big', '-1M', '1X', 'M']) expect(parseByteSize(bad)).toBeUndefined();
    expect([0, 312, 2048, 1024 ** 2, 144_850_000, 1024 ** 3].map(formatBytes)).toEqual(['0B', '312B', '2K', '1M', '138.1M', '1G']);
  });

  it('takes the limit from BPKIT_BUILD_CACHE_LIMIT, else 1 GiB, and rejects a value that is no size', () => {
    expect(buildCacheLimit({})).toBe(DEFAULT_BUILD_CACHE_LIMIT);
    expect(DEFAULT_BUILD_CACHE_LIMIT).toBe(1024 ** 3);
    expect(buildCacheLimit({ BPKIT_BUILD_CACHE_LIMIT: '512M' })).toBe(512 * 1024 ** 2);
    expect(() => buildCacheLimit({ BPKIT_BUILD_CACHE_LIMIT: 'lots' })).toThrow("BPKIT_BUILD_CACHE_LIMIT must be a size such as 512M or 2G (got 'lots')");
  });
});

describe('buildCacheReport', () => {
  it('is empty for an app with no cache', async () => {
    const { dataDir } = await platform();
    expect(await buildCacheReport(dataDir, 'nope')).toMatchObject({ size: 0, buildpacks: [] });
  });

  it('groups dependency entries by buildpack with their sizes and last use, named as the last staging says', async () => {
    const { dataDir, cache } = await platform();
    const go = await warmCache(dataDir, cache);
    const state = appStateDir(dataDir, 'web');
    await writeFile(
      join(state, 'result.json'),
      JSON.stringify({ lifecycle_metadata: { buildpacks: [{ key: 'go_buildpack_key', name: 'go' }, { key: 'node_key', name: 'nodejs' }] } }),
    );
    await new AppStore(dataDir).update('web', (r) => r && { ...r, droplet: { buildpacks: [['go_buildpack', '1.0.0', '', 'go'], ['nodejs_buildpack', '1.0.0', '', 'nodejs']], webCommand: '', stagedAt: '' } });

    const report = await buildCacheReport(dataDir, 'web');
    expect(report.buildpacks.map((b) => [b.dir, b.name, b.size])).toEqual([
      [go, 'go_buildpack', 3000 + 200 + 200],
      ['final', 'nodejs_buildpack', 4000 + 2000 + 50 + 10 + 32],
    ]);
    expect(report.size).toBe(3400 + 6092);
    const entries = report.buildpacks.flatMap((b) => b.entries.map((e) => [e.path, e.name, e.size]));
    expect(entries).toEqual([
      // Go's build and module caches are kept whole; the toolchain is one entry with its .used stamp.
      [`${go}/go-cache`, 'go-cache', 200],
      [`${go}/go-mod`, 'go-mod', 200],
      [`${go}/unpacked/go`, 'unpacked/go', 3000],
      ['final/BUILDPACK_METADATA', 'BUILDPACK_METADATA', 32],
      ['final/dependencies/aaaa', 'dependencies/aaaa', 4000],
      ['final/node/node_modules', 'node/node_modules', 50],
      ['final/node/tree-cache.json', 'node/tree-cache.json', 10],
      ['final/unpacked/node', 'unpacked/node', 2000],
    ]);
    // Which staging last used each: the tarball only the first of three, the go entries the second.
    expect(Object.fromEntries(report.buildpacks.flatMap((b) => b.entries.map((e) => [e.path, e.stagingsSinceUse])))).toEqual({
      'final/dependencies/aaaa': 2,
      [`${go}/unpacked/go`]: 1,
      [`${go}/go-cache`]: 1,
      [`${go}/go-mod`]: 1,
      'final/unpacked/node': 0,
      'final/node/node_modules': 0,
      'final/node/tree-cache.json': 0,
      'final/BUILDPACK_METADATA': 0,
    });
    const used = Object.fromEntries(report.buildpacks.flatMap((b) => b.entries.map((e) => [e.path, e.lastUsed.getTime()])));
    const at = (path: string) => used[path] as number;
    expect(at('final/dependencies/aaaa')).toBeLessThan(at(`${go}/go-cache`));
    expect(at(`${go}/unpacked/go`)).toBeLessThan(at('final/unpacked/node'));
    const final = report.buildpacks[1];
    expect(final?.lastUsed?.getTime()).toBe(Math.max(...(final?.entries ?? []).map((e) => e.lastUsed.getTime())));
  });

  it("names a buildpack dir by its BUILDPACK_METADATA, else by the dir; counts a hard-linked file once, a symlink's own size", async () => {
    const { dataDir, cache } = await platform();
    await file(join(cache, 'final/node/node_modules/a/big.js'), 1000);
    await mkdir(join(cache, 'final/node/node_modules/b'), { recursive: true });
    await link(join(cache, 'final/node/node_modules/a/big.js'), join(cache, 'final/node/node_modules/b/big.js'));
    await symlink('../a', join(cache, 'final/node/node_modules/c'));
    await writeFile(join(cache, 'final/BUILDPACK_METADATA'), "language: 'ruby'\nversion: 1.0.0\n");
    await file(join(cache, '0123456789abcdef/dependencies/x/y.tgz'), 7);
    const report = await buildCacheReport(dataDir, 'web');
    expect(report.buildpacks.map((b) => b.name)).toEqual(['0123456789abcdef', 'ruby_buildpack']);
    const modules = report.buildpacks[1]?.entries.find((e) => e.name === 'node/node_modules');
    expect(modules?.size).toBe(1000 + '../a'.length);
  });

  it('a use marks an entry as used by the last staging: a new .used stamp beside an unpacked toolchain', async () => {
    const { dataDir, cache } = await platform();
    await stagingStarts(dataDir);
    await file(join(cache, 'final/unpacked/node/22-x/bin/node'), 10);
    await file(join(cache, 'final/unpacked/node/22-x.used'), 0);
    await file(join(cache, 'final/dependencies/d/ruby.tgz'), 10);
    await tick();
    await stagingStarts(dataDir);
    await writeFile(join(cache, 'final/unpacked/node/22-x.used'), '');
    const entries = (await buildCacheReport(dataDir, 'web')).buildpacks[0]?.entries ?? [];
    expect(entries.map((e) => [e.name, e.stagingsSinceUse])).toEqual([['dependencies/d', 1], ['unpacked/node', 0]]);
    const [older, newer] = [...entries].sort((a, b) => a.lastUsed.getTime() - b.lastUsed.getTime());
    expect([older?.name, newer?.name]).toEqual(['dependencies/d', 'unpacked/node']);
  });
});

describe('enforceCacheLimit', () => {
  it('leaves a cache within its limit alone and says nothing', async () => {
    const { dataDir, cache } = await platform();
    await warmCache(dataDir, cache);
    const lines: string[] = [];
    const outcome = await enforceCacheLimit(dataDir, 'web', 1024 ** 2, (l) => lines.push(l));
    expect(outcome).toMatchObject({ before: 9492, after: 9492, evicted: [] });
    expect(lines).toEqual([]);
  });

  it('evicts least recently used entries until the cache is under the limit, with a warning line for each', async () => {
    const { dataDir, cache } = await platform();
    const go = await warmCache(dataDir, cache);
    const lines: string[] = [];
    // 9492 bytes: dropping the old tarball (4000) and the go toolchain (3000) leaves 2492, under 3000.
    const outcome = await enforceCacheLimit(dataDir, 'web', 3000, (l) => lines.push(l));
    expect(outcome.evicted.map((e) => e.path)).toEqual(['final/dependencies/aaaa', `${go}/unpacked/go`]);
    expect(outcome).toMatchObject({ before: 9492, after: 2492, limit: 3000 });
    expect(lines[0]).toBe('-----> Build cache is 9.3K, over its 2.9K limit: evicting the least recently used entries');
    expect(lines[1]).toMatch(/^ {7}\*\*WARNING\*\* Evicted dependencies\/aaaa of nodejs_buildpack from the build cache \(3\.9K, last used \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$/);
    expect(lines[2]).toMatch(new RegExp(`^ {7}\\*\\*WARNING\\*\\* Evicted unpacked/go of ${go} from the build cache \\(2\\.9K, last used .*Z\\)$`));
    expect(lines[3]).toBe('       Build cache is now 2.4K (limit 2.9K)');
    expect(lines).toHaveLength(4);
    // Gone from disk, the rest kept; the report agrees.
    expect(await readdir(join(cache, 'final/dependencies'))).toEqual([]);
    expect(await readdir(join(cache, go, 'unpacked'))).toEqual([]);
    expect(await readdir(join(cache, 'final/unpacked/node'))).toEqual(['22.1.0-ef01', '22.1.0-ef01.used']);
    expect((await buildCacheReport(dataDir, 'web')).size).toBe(2492);
  });

  it('of entries one staging used, evicts the largest first, whatever their times within it', async () => {
    const { dataDir, cache } = await platform();
    await stagingStarts(dataDir);
    await file(join(cache, 'final/node/node_modules/x.js'), 10);
    await tick();
    await file(join(cache, 'final/unpacked/node/22/bin/node'), 1000);
    await tick();
    await file(join(cache, 'final/node/.npm/_cacache/y'), 500);
    await tick();
    const lines: string[] = [];
    const outcome = await enforceCacheLimit(dataDir, 'web', 600, (l) => lines.push(l));
    expect(outcome.evicted.map((e) => e.name)).toEqual(['unpacked/node']);
    expect(outcome.after).toBe(510);
    expect(lines.filter((l) => l.includes('**WARNING**'))).toHaveLength(1);
    // The record forgets what is gone and keeps what stays as used by that staging.
    const report = await buildCacheReport(dataDir, 'web');
    expect(report.buildpacks[0]?.entries.map((e) => [e.name, e.stagingsSinceUse])).toEqual([['node/.npm', 1], ['node/node_modules', 1]]);
    const record = JSON.parse(await readFile(join(appStateDir(dataDir, 'web'), 'build-cache.json'), 'utf8')) as { stagings: number; entries: object };
    expect(record.stagings).toBe(2);
    expect(Object.keys(record.entries).sort()).toEqual(['final/node/.npm', 'final/node/node_modules']);
  });

  it('a limit of 0 evicts everything; a second pass finds nothing over', async () => {
    const { dataDir, cache } = await platform();
    await warmCache(dataDir, cache);
    const outcome = await enforceCacheLimit(dataDir, 'web', 0, () => undefined);
    expect(outcome.evicted).toHaveLength(8);
    expect(outcome.after).toBe(0);
    expect((await buildCacheReport(dataDir, 'web')).size).toBe(0);
    const lines: string[] = [];
    expect((await enforceCacheLimit(dataDir, 'web', 0, (l) => lines.push(l))).evicted).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('rejects a limit that is no byte count', async () => {
    const { dataDir } = await platform();
    await expect(enforceCacheLimit(dataDir, 'web', Number.NaN, () => undefined)).rejects.toThrow('Invalid build cache limit');
    await expect(enforceCacheLimit(dataDir, 'web', -1, () => undefined)).rejects.toThrow('Invalid build cache limit');
  });
});

describe('clearBuildCache', () => {
  it('empties the cache', async () => {
    const { dataDir, cache } = await platform();
    await warmCache(dataDir, cache);
    await clearBuildCache(dataDir, 'web');
    expect(await buildCacheReport(dataDir, 'web')).toMatchObject({ size: 0, buildpacks: [] });
    expect(await readdir(appStateDir(dataDir, 'web'))).toEqual(['app.json']);
  });

  it('waits for a staging that holds the app staging lock, and clears only after it released it', async () => {
    const { dataDir, cache } = await platform();
    await warmCache(dataDir, cache);
    const lock = join(appStateDir(dataDir, 'web'), 'staging.lock');
    const order: string[] = [];
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const staging = withLockFile(lock, async () => {
      locked();
      await new Promise<void>((r) => (release = r));
      // The staging still sees its cache when it is done with it.
      order.push(`staging done, cache ${(await buildCacheReport(dataDir, 'web')).size}`);
    });
    await isLocked;
    let waited = false;
    const clearing = clearBuildCache(dataDir, 'web', { onWait: () => (waited = true) }).then(() => order.push('cleared'));
    await sleep(200);
    expect(waited).toBe(true);
    expect(order).toEqual([]);
    release();
    await Promise.all([staging, clearing]);
    expect(order).toEqual(['staging done, cache 9492', 'cleared']);
    expect((await buildCacheReport(dataDir, 'web')).size).toBe(0);
  });

  it('does nothing for an app that has no directory (and makes none)', async () => {
    const { dataDir } = await platform();
    await clearBuildCache(dataDir, 'ghost');
    expect((await readdir(join(dataDir, 'apps'))).sort()).toEqual(['web']);
  });
});
