// A subpath of its own (`@bpkit/buildpack/versions`): it pulls semver in, which a phase that compares no versions
// (binary's) must not parse at every start.
import { isVersionRange, parseVersion, versionSatisfies } from '@bpkit/manifest';

/**
 * Orders two versions as the manifest's resolution does (`1.22` is 1.22.0, prereleases before releases);
 * unparsable versions sort first. For choosing among versions an app already has, e.g. a Gemfile.lock's Rails.
 */
export function compareVersions(a: string, b: string): number {
  const [pa, pb] = [parseVersion(a), parseVersion(b)];
  if (!pa || !pb) return pa ? 1 : pb ? -1 : 0;
  return pa.compare(pb);
}

export { isVersionRange, versionSatisfies };
