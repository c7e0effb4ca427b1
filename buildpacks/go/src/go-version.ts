import type { GoMod } from '@bpkit/app-files';
import {
  type Dependencies,
  type Env,
  type ResolvedDependency,
  type VersionRequest,
  resolveOrFail,
  versionLineRange,
} from '@bpkit/buildpack';
import { compareVersions } from '@bpkit/buildpack/versions';
import { EXIT } from './exit-codes.ts';
import type { GoWorkspace } from './go-workspace.ts';
import type { GoApp } from './vendor-tool.ts';

/** What the app says about its Go: go.work for workspaces, go.mod for module apps, Godeps.json for godep apps. */
export type GoVersionSources = Pick<GoApp, 'goMod' | 'godeps' | 'workspace'>;

/** What the buildpack reads of a go.mod (and of go.work, which has no module): the module path, `go` and `toolchain`. */
export type GoDirectives = Pick<GoMod, 'module' | 'go' | 'toolchain'>;

/** Go's version strings (`1.19`, `1.21.0`, `1.21rc1`, `go1.22`) as `[major, minor, patch]`; undefined if not one. */
export function goVersionParts(version: string): [number, number, number] | undefined {
  const m = /^(?:go)?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(?:rc|beta)\d+)?$/.exec(version.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** The source of a $GOVERSION request (godep apps are warned that it overrides Godeps.json). */
export const FROM_GOVERSION = '$GOVERSION';

/**
 * CF's GOVERSION forms: `go1.22`, `1.22` and `1.22.x` all mean the 1.22 line; `1.22.3` is exact;
 * `latest` is the highest. Anything already a range (`>=1.21`, `~1.22`) is used as written.
 */
export function goVersionConstraint(requested: string): string {
  const value = requested.trim().replace(/^go(?=\d)/, '');
  if (value === 'latest' || /[<>=~^*|\s,]/.test(value)) return value;
  return versionLineRange(value);
}

/**
 * go.mod's `go` directive (and `toolchain`, if higher) read as a minimum: the highest manifest Go at
 * or above it. CF read it as the exact line (go-buildpack v1.9.44, #253) and reverted to ignoring it
 * (#344); a minimum builds every module the directive allows.
 */
export function goModMinimum(goMod: GoDirectives): string | undefined {
  const candidates = [goMod.go, goMod.toolchain]
    .map((v) => (v ? goVersionParts(v) : undefined))
    .filter((parts) => parts !== undefined)
    .map((parts) => parts.join('.'));
  if (candidates.length === 0) return undefined;
  return `>=${candidates.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b))}`;
}

/** A go.mod's or go.work's `go`/`toolchain` directives as a minimum request from `source`, if they name a version. */
function minimumRequest(directives: GoDirectives, source: string): VersionRequest | undefined {
  const minimum = goModMinimum(directives);
  if (!minimum) return undefined;
  const requested = directives.toolchain ? `go ${directives.go ?? '?'}, toolchain go${directives.toolchain}` : `go ${directives.go}`;
  return { constraint: minimum, source, requested, rule: `a minimum: the highest Go ${minimum.slice('>='.length)} or above` };
}

/**
 * A workspace's minimum: go.work's directives (go checks every module's against them); a go.work without
 * any leaves the highest module's go.mod (`app/go.mod`), since go needs at least that to build it.
 */
function workspaceRequest(workspace: GoWorkspace): VersionRequest | undefined {
  const fromWork = minimumRequest(workspace.goWork, 'go.work');
  if (fromWork) return fromWork;
  let highest: VersionRequest | undefined;
  for (const module of workspace.modules) {
    const request = minimumRequest(module.goMod, module.label === '.' ? 'go.mod' : `${module.label.slice('./'.length)}/go.mod`);
    if (request && (!highest || compareVersions(minimumOf(request), minimumOf(highest)) > 0)) highest = request;
  }
  return highest;
}

/** $GOVERSION, else Godeps.json's GoVersion, else go.work or go.mod as a minimum; none: the manifest default. */
export function goVersionRequest(env: Env, app: GoVersionSources): VersionRequest | undefined {
  const requested = env.GOVERSION?.trim();
  if (requested) return { constraint: goVersionConstraint(requested), source: FROM_GOVERSION, requested };
  const godeps = app.godeps?.GoVersion;
  if (godeps) return { constraint: goVersionConstraint(godeps), source: 'Godeps/Godeps.json', requested: `GoVersion ${godeps}` };
  if (app.workspace) return workspaceRequest(app.workspace);
  return app.goMod && minimumRequest(app.goMod, 'go.mod');
}

// go.mod and go.work requests are minimums: their constraint is `>=` the version.
const isMinimum = (request: VersionRequest): boolean => /(?:^|\/)go\.(?:mod|work)$/.test(request.source);
const minimumOf = (request: VersionRequest): string => request.constraint.slice('>='.length);

/** What a no-match error adds: what asked for the version, where the constraint alone doesn't say. */
function unmet(request: VersionRequest): string {
  if (request.source === FROM_GOVERSION) return ` (GOVERSION=${request.requested})`;
  if (isMinimum(request)) return ` (${request.source} needs Go ${minimumOf(request)} or newer)`;
  return '';
}

/** The Go to install (the core logs why); its errors exit as go-buildpack's supply does. */
export async function chooseGoVersion(
  deps: Pick<Dependencies, 'resolve'>,
  env: Env,
  app: GoVersionSources,
): Promise<ResolvedDependency> {
  const request = goVersionRequest(env, app);
  return resolveOrFail(deps, 'go', request, {
    exitCode: EXIT.supply,
    noMatch: (err) => `Unable to determine Go version to install: ${err.message}${unmet(err.request)}`,
  });
}
