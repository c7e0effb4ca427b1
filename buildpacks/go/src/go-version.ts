import { DEFAULT_VERSIONS_ERROR, findMatchingVersion } from '@bpkit/manifest';
import { BuildpackError } from '@bpkit/buildpack';
import { type GoMod, goVersionParts } from './go-mod.ts';

export type GoVersionSource = 'GOVERSION' | 'Godeps' | 'go.mod' | 'default';

export interface GoVersionChoice {
  version: string;
  source: GoVersionSource;
  /** The constraint resolved against the manifest (`1.22.x`, `>=1.19.0`, the default's `1.19.x`). */
  constraint: string;
  /** One line saying why, for the staging log. */
  reason: string;
}

export interface GoVersionInput {
  env: Readonly<Record<string, string | undefined>>;
  /** go.mod, for module apps. */
  goMod?: GoMod;
  /** Godeps/Godeps.json `GoVersion`, for godep apps. */
  godepsGoVersion?: string;
  /** Manifest versions of go for this stack. */
  versions: readonly string[];
  /** The manifest's one default_versions constraint for go; undefined if it has none or several. */
  defaultConstraint: string | undefined;
}

// go-buildpack exits 16 when supply fails.
const SUPPLY_EXIT = 16;

/**
 * CF's GOVERSION forms: `go1.22`, `1.22` and `1.22.x` all mean the 1.22 line; `1.22.3` is exact;
 * `latest` is the highest. Anything already a range (`>=1.21`, `~1.22`) is used as written.
 */
export function goVersionConstraint(requested: string): string {
  const value = requested.trim().replace(/^go(?=\d)/, '');
  if (value === 'latest') return 'latest';
  if (/[<>=~^*|\s,]/.test(value)) return value;
  const parts = value.split('.');
  return parts.length < 3 ? `${value}${'.x'.repeat(3 - parts.length)}` : value;
}

/**
 * go.mod's `go` directive (and `toolchain`, if higher) read as a minimum: the highest manifest Go at
 * or above it. CF read it as the exact line (go-buildpack v1.9.44, #253) and reverted to ignoring it
 * (#344); a minimum builds every module the directive allows.
 */
export function goModMinimum(goMod: GoMod): string | undefined {
  const candidates = [goMod.go, goMod.toolchain].map((v) => (v ? goVersionParts(v) : undefined)).filter((v) => v !== undefined);
  if (candidates.length === 0) return undefined;
  const highest = candidates.reduce((a, b) => (compare(a, b) >= 0 ? a : b));
  return `>=${highest.join('.')}`;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** $GOVERSION, else Godeps.json's GoVersion, else go.mod as a minimum, else the manifest default. */
export function chooseGoVersion(input: GoVersionInput): GoVersionChoice {
  const { versions } = input;
  const requested = input.env.GOVERSION?.trim();
  let source: GoVersionSource;
  let constraint: string;
  let reason: (v: string) => string;
  if (requested) {
    source = 'GOVERSION';
    constraint = goVersionConstraint(requested);
    reason = (v) => `Go ${v} from $GOVERSION (${requested})`;
  } else if (input.godepsGoVersion) {
    const godeps = input.godepsGoVersion;
    source = 'Godeps';
    constraint = goVersionConstraint(godeps);
    reason = (v) => `Go ${v} from Godeps/Godeps.json (GoVersion ${godeps})`;
  } else if (input.goMod && goModMinimum(input.goMod)) {
    const mod = input.goMod;
    source = 'go.mod';
    constraint = goModMinimum(mod) as string;
    const directive = mod.toolchain ? `go ${mod.go ?? '?'}, toolchain go${mod.toolchain}` : `go ${mod.go}`;
    reason = (v) => `Go ${v} from go.mod (${directive}: the highest Go ${constraint.slice(2)} or above in this buildpack)`;
  } else {
    if (input.defaultConstraint === undefined) throw new BuildpackError(DEFAULT_VERSIONS_ERROR, { exitCode: SUPPLY_EXIT });
    source = 'default';
    constraint = input.defaultConstraint;
    reason = (v) => `Go ${v}, the buildpack's default (${constraint})`;
  }
  let version: string;
  try {
    version = findMatchingVersion(constraint === 'latest' ? '*' : constraint, versions);
  } catch {
    const why = source === 'go.mod' ? ` (go.mod needs Go ${constraint.slice(2)} or newer)` : source === 'GOVERSION' ? ` (GOVERSION=${requested})` : '';
    throw new BuildpackError(
      `Unable to determine Go version to install: no match found for ${constraint} in [${versions.join(' ')}]${why}`,
      { exitCode: SUPPLY_EXIT },
    );
  }
  return { version, source, constraint, reason: reason(version) };
}
