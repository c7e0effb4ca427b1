// Where BAL expects a buildpack's bits (builder_config.go BuildpackPath, runner.go buildpackPath):
// `<buildpacksDir>/<xxhash64(key) %016x>`, else the legacy `<md5hex(key)>`, and for URL keys the same
// names under buildpacksDownloadDir. The directory must hold `bin/`, or exactly one entry that does.

import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { exists } from '@bpkit/fs';
import { LifecycleError } from '../builder/lifecycle-error.ts';
import { xxh64Hex } from '../go-compat/xxhash64.ts';

/** The directory name CC gives a buildpack key: xxhash64 as 16 hex digits. */
export function buildpackDirName(key: string): string {
  return xxh64Hex(key);
}

/** The legacy (pre-2023-12) directory name: md5 hex of the key. */
export function legacyBuildpackDirName(key: string): string {
  return createHash('md5').update(key).digest('hex');
}

/** The build-artifacts cache sub-directory of a supply buildpack. */
export function cacheDirName(key: string): string {
  return xxh64Hex(key);
}

/** Go's url.Parse(key).IsAbs(): the key starts with a scheme. */
export function isAbsoluteUrl(key: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(key);
}

/**
 * Go's url.Parse error for keys it rejects (only a leading ':' matters for buildpack keys);
 * BAL reports it as `Invalid buildpack url (<key>): <err>`.
 */
export function urlParseError(key: string): string | undefined {
  if (key.startsWith(':')) return `parse "${key}": missing protocol scheme`;
  return undefined;
}

export interface BuildpackDirs {
  buildpacksDir: string;
  buildpacksDownloadDir: string;
}

export function buildpackBaseDir(key: string, dirs: BuildpackDirs): string {
  return isAbsoluteUrl(key) ? dirs.buildpacksDownloadDir : dirs.buildpacksDir;
}

/** `<base>/<xxhash>`: where URL buildpacks are downloaded to and where lookup starts. */
export function buildpackInstallPath(key: string, dirs: BuildpackDirs): string {
  return join(buildpackBaseDir(key, dirs), buildpackDirName(key));
}

/** Resolves a key to the directory holding `bin/`, or throws BAL's error. */
export async function locateBuildpack(key: string, dirs: BuildpackDirs): Promise<string> {
  let path = buildpackInstallPath(key, dirs);
  if (!(await exists(path))) {
    const legacy = join(buildpackBaseDir(key, dirs), legacyBuildpackDirName(key));
    if (await exists(legacy)) path = legacy;
  }
  if (await exists(join(path, 'bin'))) return path;
  let entries: string[];
  try {
    entries = (await readdir(path)).sort();
  } catch {
    throw new LifecycleError(`Failed to read buildpack directory '${path}' for buildpack '${key}'`);
  }
  if (entries.length === 1) {
    const nested = join(path, entries[0] as string);
    if (await exists(join(nested, 'bin'))) return nested;
  }
  throw new LifecycleError(`malformed buildpack does not contain a /bin dir: ${key}`);
}
