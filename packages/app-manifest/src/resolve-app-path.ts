import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { ManifestError } from './manifest-error.ts';
import { isMissingFile, missingPathError } from './missing-path-error.ts';

/**
 * The directory or archive to push, absolute with symlinks resolved, as cf's HandleAppPathOverride
 * resolves it: `-p` relative to the working directory, else the manifest's `path:` (already absolute),
 * else `defaultDir`. cf's default is the working directory; bpkit's, when there is a manifest, is the
 * manifest's directory, so `bpkit push -f app/manifest.yml` pushes app/.
 */
export function resolveAppPath(manifestPath: string | undefined, flagPath: string | undefined, cwd: string, defaultDir: string): string {
  if (flagPath !== undefined) {
    try {
      return realpathSync(resolve(cwd, flagPath));
    } catch (err) {
      if (isMissingFile(err)) throw missingPathError(flagPath, err);
      throw err;
    }
  }
  if (manifestPath !== undefined) {
    try {
      return realpathSync(manifestPath);
    } catch (err) {
      if (isMissingFile(err)) {
        throw new ManifestError(`File not found locally, make sure the file exists at given path ${manifestPath}`, { cause: err });
      }
      throw err;
    }
  }
  return realpathSync(defaultDir);
}
