import { rm, symlink } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { exists, isDirectory } from '@bpkit/fs';
import { BuildpackZipError, buildpackDirName, unzipBuildpack } from '@bpkit/stager';
import type { Registry } from './registry.ts';

/** A buildpack in a staging order: its key (what the builder sees) and how to put its bits on disk. */
export interface StagingBuildpack {
  key: string;
  /** Display name for logs and metadata ('' for custom buildpacks, as CC does). */
  name: string;
  /** Places the buildpack at <buildpacksDir>/<xxhash64(key)>; URL keys are fetched by the builder itself. */
  install(buildpacksDir: string): Promise<void>;
}

const URL_KEY = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/|^git@/;

/**
 * Turns `-b` values into a staging order, as CC does: a registered name, a URL (git or .zip, fetched by
 * the builder), or, for the local platform, a buildpack directory or zip on disk.
 */
export async function resolveBuildpacks(
  specs: readonly string[],
  registry: Registry,
  stack: string,
): Promise<StagingBuildpack[]> {
  const order: StagingBuildpack[] = [];
  for (const spec of specs) {
    if (URL_KEY.test(spec)) {
      registry.assertCustomBuildpacksAllowed(spec);
      order.push({ key: spec, name: '', install: async () => {} });
      continue;
    }
    const path = isAbsolute(spec) ? spec : resolve(spec);
    if ((spec.includes('/') || spec.endsWith('.zip') || spec.startsWith('.')) && (await exists(path))) {
      registry.assertCustomBuildpacksAllowed(spec);
      order.push(localBuildpack(path, await isDirectory(path)));
      continue;
    }
    order.push(await registry.stagingBuildpack(spec, stack));
  }
  return order;
}

function localBuildpack(path: string, isDirectory: boolean): StagingBuildpack {
  const key = path;
  return {
    key,
    name: '',
    async install(buildpacksDir) {
      const target = join(buildpacksDir, buildpackDirName(key));
      await rm(target, { recursive: true, force: true });
      if (isDirectory) {
        await symlink(path, target);
      } else {
        // Unpacked as the builder unpacks a zip URL, and failing with its message (the builder's exit 1).
        try {
          await unzipBuildpack(path, target);
        } catch (error) {
          if (!(error instanceof BuildpackZipError)) throw error;
          await rm(target, { recursive: true, force: true });
          throw new Error(`Failed to extract buildpack '${path}': ${error.reason}`);
        }
      }
    },
  };
}
