// Control over an app's build-artifacts cache (cloud_controller_ng#2991: only an operator could clear it, and it
// grew until staging failed). The cache lives in place at `<dataDir>/apps/<name>/cache`, one directory per
// buildpack as the builder lays it out: `final` for the final buildpack, `<xxhash64(key)>` for each supply
// buildpack. Inside those, the buildpacks keep dependency entries: `dependencies/<sha256(uri)>` (a downloaded
// tarball), `unpacked/<name>` (an unpacked toolchain and its `.used` stamps), `node/node_modules`, `node/.npm`,
// `ruby-gems/vendor_bundle`, `go-cache`, `go-mod`... Those entries are what the report lists and what the limit
// evicts, least recently used first.
//
// "Used" is known at the granularity of a staging: within one, the times say little (the end of a staging unlinks
// its hard links to cache files, which changes their ctime, so all it touched look used at its end). So each
// limit check (at the start of a staging, under its lock) records in `<appdir>/build-cache.json` every entry's
// newest time and the staging that last changed it; an entry whose time moved since was used by the staging since.
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { lstat, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDirName } from '@bpkit/stager';
import type { AppRecord } from './app-store.ts';
import { type LockOptions, withLockFile } from './lock-file.ts';
import { appStateDir } from './stage-app.ts';

/** The limit when neither `--cache-limit` nor BPKIT_BUILD_CACHE_LIMIT sets one: 1 GiB. */
export const DEFAULT_BUILD_CACHE_LIMIT = 1024 ** 3;

/** The environment variable that sets the limit for every staging. */
export const BUILD_CACHE_LIMIT_ENV = 'BPKIT_BUILD_CACHE_LIMIT';

/**
 * First-level directories of a buildpack's cache that are one tool's own cache, kept or evicted whole: Go's
 * build cache (256 hash-prefix directories) and module cache (downloads beside their extracted copies).
 */
const WHOLE_ENTRIES = new Set(['go-cache', 'go-mod']);

/** libbuildpack's record of the buildpack that staged into a cache dir (`language:` and `version:`). */
const STAGED_BY_FILE = 'BUILDPACK_METADATA';

/** The last-use record, beside the cache (inside it, the builder would delete it as no buildpack's). */
const USE_FILE = 'build-cache.json';

/** `<appdir>/build-cache.json`: stagings counted so far, and per entry its newest time when last seen and the staging that last changed it. */
interface UseRecord {
  stagings: number;
  entries: Record<string, { lastUsed: number; usedBy: number }>;
}

export interface BuildCacheEntry {
  /** Relative to the app's cache dir, `/`-separated: `final/unpacked/node`. */
  path: string;
  /** Relative to its buildpack's cache dir: `unpacked/node`. */
  name: string;
  /** The buildpack's name as `bpkit app` shows it, else the cache dir's name. */
  buildpack: string;
  /** Bytes of the files and symlinks inside (a file hard-linked twice in the cache counts once). */
  size: number;
  /**
   * The newest modification or status change of anything inside: a staging that uses an entry writes or links
   * it (a `.used` stamp beside an unpacked toolchain, a touched tarball, node_modules linked back into the cache).
   */
  lastUsed: Date;
  /** 0: the last staging used it; n: n stagings ran since one did (as far as the last-use record tells). */
  stagingsSinceUse: number;
}

export interface BuildCacheBuildpack {
  /** The directory's name in the cache: `final` or a supply buildpack's xxhash64. */
  dir: string;
  name: string;
  size: number;
  /** Of its most recently used entry; undefined when it has none. */
  lastUsed: Date | undefined;
  entries: BuildCacheEntry[];
}

export interface BuildCacheReport {
  app: string;
  /** `<dataDir>/apps/<name>/cache`. */
  dir: string;
  size: number;
  /** In staging order when the last staging's result says it, then by name. */
  buildpacks: BuildCacheBuildpack[];
}

export interface CacheLimitOutcome {
  limit: number;
  before: number;
  after: number;
  /** Oldest first. */
  evicted: BuildCacheEntry[];
}

/** The app's build-artifacts cache dir. */
export function buildCacheDir(dataDir: string, app: string): string {
  return join(appStateDir(dataDir, app), 'cache');
}

/**
 * A size such as `512M`, `2G`, `1.5GB`, `100K`, `2GiB` or a plain count of bytes, in binary units as cf's
 * memory and disk flags; undefined when it is not one.
 */
export function parseByteSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(?:([KMGT])(?:I?B)?|B)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? '').toUpperCase();
  const power = unit === '' ? 0 : 'KMGT'.indexOf(unit) + 1;
  const bytes = Math.round(Number(m[1]) * 1024 ** power);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** cf's byte format (bytefmt): `138.1M`, `1G`, `312B`. */
export function formatBytes(bytes: number): string {
  const units: [string, number][] = [['T', 1024 ** 4], ['G', 1024 ** 3], ['M', 1024 ** 2], ['K', 1024]];
  for (const [unit, size] of units) {
    if (bytes >= size) return `${(bytes / size).toFixed(1).replace(/\.0$/, '')}${unit}`;
  }
  return `${bytes}B`;
}

/** The limit BPKIT_BUILD_CACHE_LIMIT sets, else the default; throws on a value that is not a size. */
export function buildCacheLimit(env: NodeJS.ProcessEnv = process.env): number {
  const value = env[BUILD_CACHE_LIMIT_ENV];
  if (value === undefined || value.trim() === '') return DEFAULT_BUILD_CACHE_LIMIT;
  const bytes = parseByteSize(value);
  if (bytes === undefined) throw new Error(`${BUILD_CACHE_LIMIT_ENV} must be a size such as 512M or 2G (got '${value}')`);
  return bytes;
}

/** What is in the app's build cache, by buildpack and entry. An app with no cache has an empty report. */
export async function buildCacheReport(dataDir: string, app: string): Promise<BuildCacheReport> {
  return (await scan(dataDir, app)).report;
}

/** The report, with each entry's last user (staging number) by the last-use record, and that record's count. */
async function scan(
  dataDir: string,
  app: string,
): Promise<{ report: BuildCacheReport; usedBy: Map<string, number>; newest: Map<string, number>; stagings: number }> {
  const dir = buildCacheDir(dataDir, app);
  const record = (await readJson<UseRecord>(join(appStateDir(dataDir, app), USE_FILE))) ?? { stagings: 0, entries: {} };
  const stagings = Number.isSafeInteger(record.stagings) ? record.stagings : 0;
  const usedBy = new Map<string, number>();
  // Exact times (a Date drops the fraction of a millisecond, and the record compares them for equality).
  const newest = new Map<string, number>();
  const known = await buildpackNames(dataDir, app);
  const seen = new Set<string>();
  const buildpacks: BuildCacheBuildpack[] = [];
  for (const top of await entriesOf(dir)) {
    const name = known.get(top.name)?.name ?? (top.isDirectory() ? await stagedByName(join(dir, top.name)) : undefined) ?? top.name;
    const entries: BuildCacheEntry[] = [];
    for (const rel of top.isDirectory() ? await entryNames(join(dir, top.name)) : ['']) {
      const path = rel === '' ? top.name : `${top.name}/${rel}`;
      const measured = await measure(join(dir, path), seen);
      if (!measured) continue;
      // New, or changed since the last check: the last staging used it.
      const seenBefore = record.entries?.[path];
      const by = seenBefore && seenBefore.lastUsed === measured.newest ? Math.min(seenBefore.usedBy, stagings) : stagings;
      usedBy.set(path, by);
      newest.set(path, measured.newest);
      entries.push({ path, name: rel || top.name, buildpack: name, size: measured.size, lastUsed: new Date(measured.newest), stagingsSinceUse: stagings - by });
    }
    const size = entries.reduce((sum, e) => sum + e.size, 0);
    const latest = Math.max(...entries.map((e) => e.lastUsed.getTime()));
    buildpacks.push({ dir: top.name, name, size, lastUsed: entries.length > 0 ? new Date(latest) : undefined, entries });
  }
  const order = (b: BuildCacheBuildpack): number => known.get(b.dir)?.index ?? Number.MAX_SAFE_INTEGER;
  buildpacks.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name) || a.dir.localeCompare(b.dir));
  return { report: { app, dir, size: buildpacks.reduce((sum, b) => sum + b.size, 0), buildpacks }, usedBy, newest, stagings };
}

/**
 * Empties the app's build cache (`bpkit cache APP --clear`). Taken under the app's staging lock, so it never
 * pulls the cache from under a staging: it waits for one that runs (`onWait` is told) and the next one is cold.
 */
export async function clearBuildCache(dataDir: string, app: string, options: Pick<LockOptions, 'onWait' | 'timeoutMs'> = {}): Promise<void> {
  const stateDir = appStateDir(dataDir, app);
  // No app dir, no cache: nothing to lock (and no directory to leave behind for an app that does not exist).
  if (!(await lstat(stateDir).catch(() => undefined))?.isDirectory()) return;
  await withLockFile(
    join(stateDir, 'staging.lock'),
    async () => {
      await rm(buildCacheDir(dataDir, app), { recursive: true, force: true });
      await rm(join(stateDir, USE_FILE), { force: true });
    },
    options,
  );
}

/**
 * Keeps the app's build cache within `limitBytes` at the start of a staging: when it is over, evicts entries until
 * it is not, those of the least recently using staging first and, of entries one staging used, the largest first
 * (they were used alike; fewer evictions free the space). A warning line (CF's buildpack log style, no newline)
 * goes to `warn` per eviction, so the staging goes on with a smaller cache instead of failing on a full disk.
 * Each call counts as the start of a staging in the last-use record. The caller holds the app's staging lock
 * (stageApp calls it right before the builder runs).
 */
export async function enforceCacheLimit(dataDir: string, app: string, limitBytes: number, warn: (line: string) => void): Promise<CacheLimitOutcome> {
  if (!(limitBytes >= 0) || !Number.isFinite(limitBytes)) throw new Error(`Invalid build cache limit: ${limitBytes}`);
  const { report, usedBy, newest, stagings } = await scan(dataDir, app);
  const outcome: CacheLimitOutcome = { limit: limitBytes, before: report.size, after: report.size, evicted: [] };
  const entries = report.buildpacks.flatMap((b) => b.entries);
  if (report.size > limitBytes) {
    const by = (e: BuildCacheEntry): number => usedBy.get(e.path) ?? 0;
    const candidates = [...entries].sort(
      (a, b) => by(a) - by(b) || b.size - a.size || a.lastUsed.getTime() - b.lastUsed.getTime() || a.path.localeCompare(b.path),
    );
    warn(`-----> Build cache is ${formatBytes(report.size)}, over its ${formatBytes(limitBytes)} limit: evicting the least recently used entries`);
    for (const entry of candidates) {
      if (outcome.after <= limitBytes) break;
      await rm(join(report.dir, entry.path), { recursive: true, force: true });
      outcome.after -= entry.size;
      outcome.evicted.push(entry);
      warn(
        `       **WARNING** Evicted ${entry.name} of ${entry.buildpack} from the build cache ` +
          `(${formatBytes(entry.size)}, last used ${isoSeconds(entry.lastUsed)})`,
      );
    }
    warn(`       Build cache is now ${formatBytes(outcome.after)} (limit ${formatBytes(limitBytes)})`);
  }
  const evicted = new Set(outcome.evicted.map((e) => e.path));
  const kept = entries.filter((e) => !evicted.has(e.path));
  await writeUseRecord(appStateDir(dataDir, app), {
    stagings: stagings + 1,
    entries: Object.fromEntries(kept.map((e) => [e.path, { lastUsed: newest.get(e.path) ?? e.lastUsed.getTime(), usedBy: usedBy.get(e.path) ?? stagings }])),
  });
  return outcome;
}

/** Written whole and atomically; a record that cannot be written only makes the next check's order coarser. */
async function writeUseRecord(stateDir: string, record: UseRecord): Promise<void> {
  const tmp = join(stateDir, `.${USE_FILE}.${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(tmp, `${JSON.stringify(record)}\n`);
    await rename(tmp, join(stateDir, USE_FILE));
  } catch {
    await rm(tmp, { force: true });
  }
}

/** `2026-12-07T12:42:18Z` */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

async function entriesOf(dir: string): Promise<Dirent[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return [];
    throw error;
  }
}

/**
 * A buildpack cache dir's entries, relative to it: the children of its directories (`unpacked/node`,
 * `dependencies/<sha>`, `node/node_modules`), its files and the directories kept whole. Empty directories are
 * none: they hold nothing to evict.
 */
async function entryNames(buildpackDir: string): Promise<string[]> {
  const names: string[] = [];
  for (const first of await entriesOf(buildpackDir)) {
    if (!first.isDirectory() || WHOLE_ENTRIES.has(first.name)) {
      names.push(first.name);
      continue;
    }
    for (const second of await entriesOf(join(buildpackDir, first.name))) names.push(`${first.name}/${second.name}`);
  }
  return names;
}

/**
 * Bytes of the files and symlinks under `path` (inodes in `seen` counted once) and the newest mtime or ctime of
 * anything there; undefined when it is gone. Symlinks are not followed: an unpacked copy linked from elsewhere
 * counts where it lives.
 */
async function measure(path: string, seen: Set<string>): Promise<{ size: number; newest: number } | undefined> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return undefined;
  let size = 0;
  let newest = Math.max(info.mtimeMs, info.ctimeMs);
  if (info.isDirectory()) {
    for (const child of await entriesOf(path)) {
      const inner = await measure(join(path, child.name), seen);
      if (!inner) continue;
      size += inner.size;
      newest = Math.max(newest, inner.newest);
    }
  } else {
    const inode = `${info.dev}:${info.ino}`;
    if (info.nlink <= 1 || !seen.has(inode)) size = info.size;
    if (info.nlink > 1) seen.add(inode);
  }
  return { size, newest };
}

/**
 * The cache dir names of the last successful staging's buildpacks (its result.json, in order; the last one is
 * the final's, `final`) with the names `bpkit app` shows for them (the app's droplet record).
 */
async function buildpackNames(dataDir: string, app: string): Promise<Map<string, { name: string; index: number }>> {
  const names = new Map<string, { name: string; index: number }>();
  const stateDir = appStateDir(dataDir, app);
  const result = await readJson<{ lifecycle_metadata?: { buildpacks?: { key?: string; name?: string }[] } }>(join(stateDir, 'result.json'));
  const record = await readJson<AppRecord>(join(stateDir, 'app.json'));
  const buildpacks = result?.lifecycle_metadata?.buildpacks ?? [];
  buildpacks.forEach((b, index) => {
    const dir = index === buildpacks.length - 1 ? 'final' : b.key ? cacheDirName(b.key) : undefined;
    const name = record?.droplet?.buildpacks[index]?.[0] || b.name || b.key;
    if (dir && name) names.set(dir, { name, index });
  });
  return names;
}

/** `<language>_buildpack` from the BUILDPACK_METADATA a libbuildpack-style buildpack leaves in its cache dir. */
async function stagedByName(dir: string): Promise<string | undefined> {
  const text = await readFile(join(dir, STAGED_BY_FILE), 'utf8').catch(() => '');
  const language = /^language:\s*['"]?([^'"\s]+)/m.exec(text)?.[1];
  return language ? `${language}_buildpack` : undefined;
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
