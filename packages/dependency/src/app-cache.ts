import { createHash } from 'node:crypto';
import { readdir, rm, rmdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';

/** Basename of the URI's path (query and fragment ignored), as the app cache and `.sh`/plain installs name files. */
export function uriBasename(uri: string): string {
  try {
    return posix.basename(decodeURIComponent(new URL(uri).pathname)) || 'download';
  } catch {
    return posix.basename(uri.split(/[?#]/)[0] ?? uri) || 'download';
  }
}

/** libbuildpack's app cache location: `<cache>/dependencies/<sha256hex(uri)>/<basename(uri)>`. */
export function appCachePath(cacheDir: string, uri: string): string {
  const key = createHash('sha256').update(uri).digest('hex');
  return join(cacheDir, 'dependencies', key, uriBasename(uri));
}

/** Marks a cache file as used by this staging (cleanup keeps files touched since it started). */
export async function touchCacheFile(path: string): Promise<void> {
  const now = new Date();
  await utimes(path, now, now).catch(() => undefined);
}

/**
 * Marks an unpacked copy as used by this staging. A file beside it, not the copy's own mtime: copies of the
 * tree (hard links into deps/<idx>) keep their directory times, so the platform's droplet sees the same tree.
 */
export async function markUsed(unpackedDir: string): Promise<void> {
  await writeFile(`${unpackedDir}${USED_SUFFIX}`, '');
}

const USED_SUFFIX = '.used';

/**
 * Drops `<cache>/dependencies` files and `<cache>/unpacked` copies not used since `since` (default: this process's start), like
 * libbuildpack's CleanupAppCache after supply. Usage is tracked by mtime, so it also works across
 * the separate supply and finalize processes. Returns the removed paths.
 */
export async function cleanupAppCache(cacheDir: string, since: Date = new Date(performance.timeOrigin)): Promise<string[]> {
  const root = join(cacheDir, 'dependencies');
  const removed: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        await walk(p);
        await rmdir(p).catch(() => undefined);
        continue;
      }
      const info = await stat(p).catch(() => undefined);
      // mtime has whole-second precision on some filesystems: allow a second of slack.
      if (!info || info.mtimeMs + 1000 < since.getTime()) {
        await rm(p, { force: true });
        removed.push(p);
      }
    }
  };
  await walk(root);
  // Unpacked copies kept by Installer.install({ reuse }) are touched when used: drop the ones that were not.
  const unpacked = join(cacheDir, 'unpacked');
  for (const name of await readdir(unpacked).catch(() => [] as string[])) {
    for (const version of await readdir(join(unpacked, name)).catch(() => [] as string[])) {
      if (version.endsWith(USED_SUFFIX)) continue;
      const p = join(unpacked, name, version);
      const info = (await stat(`${p}${USED_SUFFIX}`).catch(() => undefined)) ?? (await stat(p).catch(() => undefined));
      if (!info || info.mtimeMs + 1000 < since.getTime()) {
        await rm(p, { recursive: true, force: true });
        await rm(`${p}${USED_SUFFIX}`, { force: true });
        removed.push(p);
      }
    }
    await rmdir(join(unpacked, name)).catch(() => undefined);
  }
  return removed;
}
