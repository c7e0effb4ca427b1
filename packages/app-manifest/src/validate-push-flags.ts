import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PushFlags } from './app-manifest-types.ts';
import { ManifestError } from './manifest-error.ts';
import { missingPathError } from './missing-path-error.ts';

/** cf's values of `-b` and `-c` that mean "the platform's default" rather than a name or a command. */
export const DEFAULT_VALUES: readonly string[] = ['default', 'null'];

/**
 * The flag combinations `cf push` refuses before it looks at the manifest (PushCommand.ValidateFlags),
 * for the flags bpkit has, in cf's order and words.
 */
export function validatePushFlags(flags: PushFlags, cwd: string): void {
  if (flags.path !== undefined && !existsSync(resolve(cwd, flags.path))) throw missingPathError(flags.path);
  if (flags.healthCheckType === 'http' && !flags.healthCheckHttpEndpoint) {
    throw new ManifestError("Incorrect Usage: '--endpoint' and '--health-check-type=http, -u=http' must be used together.");
  }
  if (flags.noRoute && flags.randomRoute) {
    throw new ManifestError('Incorrect Usage: The following arguments cannot be used together: --no-route, --random-route');
  }
  const buildpacks = flags.buildpacks ?? [];
  if (buildpacks.length > 1 && buildpacks.some((buildpack) => DEFAULT_VALUES.includes(buildpack))) {
    throw new ManifestError('Multiple buildpacks flags cannot have null/default option.');
  }
}
