import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@bpkit/log';
import { parseYaml, stringifyManifest } from './manifest-yaml.ts';

export const BUILDPACK_METADATA = 'BUILDPACK_METADATA';

export interface BuildpackMetadata {
  language: string;
  version: string;
}

/** Warns when the app cache was written by another version of the same buildpack. Unreadable metadata is ignored. */
export async function checkBuildpackVersion(cacheDir: string, current: BuildpackMetadata, log: Logger): Promise<void> {
  let stored: unknown;
  try {
    stored = parseYaml(await readFile(join(cacheDir, BUILDPACK_METADATA), 'utf8'), BUILDPACK_METADATA);
  } catch {
    return;
  }
  if (typeof stored !== 'object' || stored === null) return;
  const { language, version } = stored as Record<string, unknown>;
  if (language !== current.language) return;
  if (typeof version === 'string' && version !== current.version) {
    log.warning(`buildpack version changed from ${version} to ${current.version}`);
  }
}

/** Records which buildpack version staged into this cache (libbuildpack's StoreBuildpackMetadata). */
export async function writeBuildpackMetadata(cacheDir: string, metadata: BuildpackMetadata): Promise<void> {
  try {
    await writeFile(join(cacheDir, BUILDPACK_METADATA), stringifyManifest({ language: metadata.language, version: metadata.version }));
  } catch {
    // libbuildpack ignores a cache it cannot write to; staging must not fail for it.
  }
}
