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
import { type GoMod, goVersionParts } from './go-mod.ts';
import type { GoApp } from './vendor-tool.ts';

/** What the app says about its Go: go.mod for module apps, Godeps.json for godep apps. */
export type GoVersionSources = Pick<GoApp, 'goMod' | 'godeps'>;

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
export function goModMinimum(goMod: GoMod): string | undefined {
  const candidates = [goMod.go, goMod.toolchain]
    .map((v) => (v ? goVersionParts(v) : undefined))
    .filter((parts) => parts !== undefined)
    .map((parts) => parts.join('.'));
  if (candidates.length === 0) return undefined;
  return `>=${candidates.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b))}`;
}

/** $GOVERSION, else Godeps.json's GoVersion, else go.mod as a minimum; none: the manifest default. */
export function goVersionRequest(env: Env, app: GoVersionSources): VersionRequest | undefined {
  const requested = env.GOVERSION?.trim();
  if (requested) return { constraint: goVersionConstraint(requested), source: FROM_GOVERSION, requested };
  const godeps = app.godeps?.GoVersion;
  if (godeps) return { constraint: goVersionConstraint(godeps), source: 'Godeps/Godeps.json', requested: `GoVersion ${godeps}` };
  const mod = app.goMod;
  const minimum = mod && goModMinimum(mod);
  if (!mod || !minimum) return undefined;
  const directive = mod.toolchain ? `go ${mod.go ?? '?'}, toolchain go${mod.toolchain}` : `go ${mod.go}`;
  return { constraint: minimum, source: 'go.mod', requested: directive };
}

// A go.mod request's constraint is `>=` its minimum.
const goModLowest = (request: VersionRequest): string => request.constraint.slice('>='.length);

/** go-buildpack's `Using …` line. */
function reason(go: ResolvedDependency, request: VersionRequest | undefined): string {
  if (!request) return `Go ${go.version}, the buildpack's default (${go.constraint})`;
  const more = request.source === 'go.mod' ? `: the highest Go ${goModLowest(request)} or above in this buildpack` : '';
  return `Go ${go.version} from ${request.source} (${request.requested}${more})`;
}

/** What a no-match error adds: what asked for the version, where the constraint alone doesn't say. */
function unmet(request: VersionRequest): string {
  if (request.source === FROM_GOVERSION) return ` (GOVERSION=${request.requested})`;
  if (request.source === 'go.mod') return ` (go.mod needs Go ${goModLowest(request)} or newer)`;
  return '';
}

/** The Go to install and go-buildpack's reason for it; its errors exit as go-buildpack's supply does. */
export async function chooseGoVersion(deps: Pick<Dependencies, 'resolve'>, env: Env, app: GoVersionSources): Promise<ResolvedDependency> {
  const request = goVersionRequest(env, app);
  const go = await resolveOrFail(deps, 'go', request, {
    exitCode: EXIT.supply,
    noMatch: (err) => `Unable to determine Go version to install: ${err.message}${unmet(err.request)}`,
  });
  return { ...go, reason: reason(go, request) };
}
