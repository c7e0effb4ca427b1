import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@bpkit/log';
import { parseYaml } from './manifest-yaml.ts';

// Which buildpack staged into this cache: the core writes it after a successful staging (@bpkit/buildpack's
// staged-by-metadata.ts, without loading this package); the next staging reads it here.
const BUILDPACK_METADATA = 'BUILDPACK_METADATA';

export interface BuildpackMetadata {
  language: string;
  version: string;
}

/** libbuildpack's CheckBuildpackVersion: warns when the app cache was staged by another version of the same buildpack. Unreadable metadata is ignored. */
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
