import type { Logger } from '@bpkit/log';
import { parseVersion, versionSatisfies } from './find-matching-version.ts';
import type { DependencyRef, DeprecationDate } from './types.ts';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

export function endOfLifeWarning(name: string, versionLine: string, date: string, link?: string): string {
  const base = `${name} ${versionLine} will no longer be available in new buildpacks released after ${date}.`;
  return link ? `${base}\nSee: ${link}` : base;
}

/** Warns for each deprecation of `dep`'s version line whose date is less than 30 days after `now` (or past). */
export function warnEndOfLife(dep: DependencyRef, deprecations: readonly DeprecationDate[], log: Logger, now: Date): void {
  const semverLike = parseVersion(dep.version) !== null;
  for (const d of deprecations) {
    if (d.name !== dep.name) continue;
    const matches = semverLike ? versionSatisfies(dep.version, d.version_line) : d.version_line === dep.version;
    if (!matches) continue;
    const eol = Date.parse(`${d.date}T00:00:00Z`);
    if (Number.isNaN(eol)) continue;
    if (eol - now.getTime() < THIRTY_DAYS_MS) log.warning(endOfLifeWarning(d.name, d.version_line, d.date, d.link));
  }
}
