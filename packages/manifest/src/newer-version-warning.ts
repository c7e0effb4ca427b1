import type { Logger } from '@bpkit/log';
import { findMatchingVersion, parseVersion } from './find-matching-version.ts';
import type { DependencyRef } from './types.ts';

/**
 * Which versions count as "the same line" when looking for a newer one:
 * `minor` (default) compares within `maj.min.x`; `major` within `maj.x.x`
 * (libbuildpack's `SetVersionLine(name, "minor")`, i.e. the minor floats).
 */
export type VersionLine = 'minor' | 'major';

export function outdatedDependencyWarning(dep: DependencyRef, newest: string): string {
  return (
    `A newer version of ${dep.name} is available in this buildpack. ` +
    `Please adjust your app to use version ${newest} instead of version ${dep.version} as soon as possible. ` +
    `Old versions of ${dep.name} are only provided to assist in migrating to newer versions.`
  );
}

/** libbuildpack's warnNewerPatch: pre-release notice, or a pointer to the highest version of the same line. */
export function warnNewerVersion(dep: DependencyRef, versions: readonly string[], log: Logger, line: VersionLine = 'minor'): void {
  const v = parseVersion(dep.version);
  if (!v) return;
  if (v.prerelease.length > 0) {
    log.warning(`You are using the pre-release version ${dep.version} of ${dep.name}`);
    return;
  }
  const constraint = line === 'major' ? `${v.major}.x.x` : `${v.major}.${v.minor}.x`;
  let latest: string;
  try {
    latest = findMatchingVersion(constraint, versions);
  } catch {
    return;
  }
  if (latest !== dep.version) log.warning(outdatedDependencyWarning(dep, latest));
}
