import semver from 'semver';
import type { SemVer } from 'semver';
import { parseVersion } from './find-matching-version.ts';

/**
 * The version of `versions` closest to what `constraint` asks for, for a no-match error's "nearest". The target
 * is the lowest version the constraint allows; a version agreeing with it on more leading parts (major, then
 * minor) is nearer, then the smaller gap in the first part that differs, then the one closer to the target's side
 * (the highest of those below it, the lowest above); a tie goes to the newer. Undefined when nothing is readable.
 */
export function nearestVersion(constraint: string, versions: readonly string[]): string | undefined {
  const target = lowestAllowed(constraint);
  if (!target) return undefined;
  let best: { original: string; parsed: SemVer } | undefined;
  for (const original of versions) {
    const parsed = parseVersion(original);
    if (parsed && (!best || nearer(parsed, best.parsed, target))) best = { original, parsed };
  }
  return best?.original;
}

function nearer(a: SemVer, b: SemVer, target: SemVer): boolean {
  const [ia, ib] = [firstDifference(a, target), firstDifference(b, target)];
  if (ia !== ib) return ia > ib;
  if (ia === PARTS.length) return a.compare(b) > 0;
  const part = PARTS[ia] as (typeof PARTS)[number];
  const [ga, gb] = [Math.abs(a[part] - target[part]), Math.abs(b[part] - target[part])];
  if (ga !== gb) return ga < gb;
  const [aBelow, bBelow] = [a.compare(target) < 0, b.compare(target) < 0];
  if (aBelow && bBelow) return a.compare(b) > 0;
  if (!aBelow && !bBelow) return a.compare(b) < 0;
  return !aBelow;
}

const PARTS = ['major', 'minor', 'patch'] as const;

function firstDifference(v: SemVer, target: SemVer): number {
  const i = PARTS.findIndex((part) => v[part] !== target[part]);
  return i === -1 ? PARTS.length : i;
}

// An exact version (`3.1.2`, `1.22`) is its own target; a range's is the lowest version it allows.
function lowestAllowed(constraint: string): SemVer | null {
  const c = constraint.trim();
  if (c === 'latest' || c === '*') return null;
  const exact = parseVersion(c);
  if (exact) return exact;
  try {
    return semver.minVersion(c.replace(/\s*,\s*/g, ' '), { loose: true });
  } catch {
    return null;
  }
}
