import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildpackInfo } from './buildpack-info.ts';
import { toYaml } from './yaml-emit.ts';

export const STAGED_BY_FILE = 'BUILDPACK_METADATA';

export function stagedByMetadataYml(buildpack: Pick<BuildpackInfo, 'language' | 'version'>): string {
  return toYaml({ language: buildpack.language, version: buildpack.version });
}

/**
 * libbuildpack's StagingComplete: <cache>/BUILDPACK_METADATA records which buildpack version staged into
 * this cache, so the next staging can warn "buildpack version changed from A to B" (@bpkit/manifest's
 * staged-by-buildpack.ts reads it). Written with the core's
 * emitter so finalize does not load a YAML library for two scalars.
 */
export async function writeStagedByMetadata(cacheDir: string, buildpack: BuildpackInfo): Promise<void> {
  try {
    await writeFile(join(cacheDir, STAGED_BY_FILE), stagedByMetadataYml(buildpack));
  } catch {
    // A cache that cannot be written must not fail staging (libbuildpack ignores it too).
  }
}
