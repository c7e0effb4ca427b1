/** Who asked for a dependency's version, in the words the staging log uses. */
export interface VersionAsk {
  /** Who decided: `go.mod`, `engines.node (package.json)`, `.ruby-version`, `$GOVERSION`. */
  source: string;
  /** What the source said (`go 1.22`, `lts/*`); the constraint when absent. */
  requested?: string;
  /** The constraint matched against the manifest (`>=1.22.0`, `3.3.x`). */
  constraint: string;
  /** How the request is read, when its words don't say (`a minimum`). */
  rule?: string;
}

/**
 * The one wording of why a version was chosen, after "Chosen by " under the install's header:
 * `go.mod: go 1.22 (a minimum)`, `.ruby-version: 3.3.6`, `the manifest default: 1.25.x`. Every buildpack and the
 * bootstrap say it this way (go-buildpack#344 and nodejs-buildpack#171: users could not tell why).
 */
export function versionReason(ask: VersionAsk | undefined, defaultConstraint: string): string {
  if (!ask) return `the manifest default: ${defaultConstraint}`;
  const said = ask.requested ?? ask.constraint;
  return `${ask.source}: ${said}${ask.rule ? ` (${ask.rule})` : ''}`;
}

/** The line a no-match error adds: what exists for this stack and the closest of it to the request. */
export function availableVersionsLine(name: string, stack: string | undefined, available: readonly string[], nearest: string | undefined): string {
  const where = stack ? ` for ${stack}` : '';
  if (available.length === 0) return `This buildpack has no ${name}${where}.`;
  return `Versions of ${name}${where}: ${available.join(', ')}${nearest ? `; nearest: ${nearest}` : ''}`;
}
