import semver from 'semver';
import type { SemVer } from 'semver';

/**
 * Parses versions the way Masterminds/semver does for manifests: `80` is 80.0.0 and `1.22` is 1.22.0,
 * so godep's `'80'` and two-part versions take part in resolution.
 */
export function parseVersion(version: string): SemVer | null {
  const strict = semver.parse(version, { loose: true });
  if (strict) return strict;
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(version.trim());
  if (!m) return null;
  return semver.parse(`${m[1]}.${m[2] ?? '0'}.${m[3] ?? '0'}${m[4] ?? ''}${m[5] ?? ''}`, { loose: true });
}

/** Masterminds separates AND-ed comparators with commas; node-semver with spaces. `latest` means any version. */
function toRange(constraint: string): semver.Range | null {
  const c = constraint.trim();
  const normalized = c === 'latest' ? '*' : c.replace(/\s*,\s*/g, ' ');
  try {
    return new semver.Range(normalized, { loose: true });
  } catch {
    return null;
  }
}

/** Whether `constraint` parses as a semver range (commas AND, as in matching); `latest`, a word matching also takes, is not one. */
export function isVersionRange(constraint: string): boolean {
  return constraint.trim() !== 'latest' && toRange(constraint) !== null;
}

/** Whether `version` satisfies `constraint` (`1.22.x`, `^1.2`, `>=1.2 <2`, exact…); unparsable input never does. */
export function versionSatisfies(version: string, constraint: string): boolean {
  const v = parseVersion(version);
  const range = toRange(constraint);
  if (!v || !range) return false;
  if (v.prerelease.length > 0 && parseVersion(constraint)?.compare(v) === 0) return true;
  return range.test(v);
}

/**
 * The highest of `versions` matching `constraint`, returned as written in the manifest.
 * Throws libbuildpack's "no match found for <c> in [<v> <v>]".
 */
export function findMatchingVersion(constraint: string, versions: readonly string[]): string {
  let best: { original: string; parsed: SemVer } | undefined;
  for (const original of versions) {
    if (!versionSatisfies(original, constraint)) continue;
    const parsed = parseVersion(original);
    if (parsed && (!best || parsed.compare(best.parsed) > 0)) best = { original, parsed };
  }
  if (!best) throw new Error(`no match found for ${constraint} in [${versions.join(' ')}]`);
  return best.original;
}
