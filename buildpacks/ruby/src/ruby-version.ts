import type { GemfileLock } from '@bpkit/app-files';
import {
  BuildpackError,
  type Dependencies,
  type ResolvedDependency,
  type SupplyContext,
  type VersionRequest,
  resolveOrFail,
  versionLineRange,
} from '@bpkit/buildpack';
import { EXIT } from './exit-codes.ts';
import { type RubyDirective, parseRubyVersionFile } from './gemfile.ts';

/** A Ruby request always says what the app wrote (`~> 3.2`), for the log and the no-match error. */
export type RubyRequest = VersionRequest & { requested: string };

class UnreadableRequirementError extends Error {}

/** A Gem version padded to semver's three parts (`3.3.0.preview1` → `3.3.0-preview1`), and its leading parts. */
function toSemver(version: string): { text: string; parts: number; major: number; minor: number } {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:[.-]?([a-zA-Z][0-9A-Za-z.]*))?$/.exec(version.trim());
  if (!m?.[1]) throw new UnreadableRequirementError(`unreadable version "${version}"`);
  const parts = [m[1], m[2], m[3], m[4]].filter((p) => p !== undefined).length;
  const pre = m[5] ? `-${m[5]}` : '';
  return { text: `${m[1]}.${m[2] ?? '0'}.${m[3] ?? '0'}${pre}`, parts, major: Number(m[1]), minor: Number(m[2] ?? 0) };
}

/**
 * Gem::Requirement strings (`3.2.4`, `~> 3.2`, `>= 3.1`, `!= 3.2.1`), AND-ed, as a semver constraint plus the
 * versions `!=` excludes. RubyGems semantics: `~> 3.2` is `>= 3.2, < 4`; `~> 3.2.4` is `>= 3.2.4, < 3.3`;
 * a bare `3.2` is exactly 3.2.0, as Bundler itself checks it.
 */
export function gemRequirementsToRange(requirements: readonly string[]): { constraint: string; exclude: string[] } {
  const comparators: string[] = [];
  const exclude: string[] = [];
  for (const requirement of requirements) {
    const m = /^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$/.exec(requirement);
    if (!m?.[2]) throw new UnreadableRequirementError(`unreadable requirement "${requirement}"`);
    const op = m[1] ?? '=';
    const v = toSemver(m[2]);
    if (op === '=') comparators.push(v.text);
    else if (op === '!=') exclude.push(v.text);
    // The last written part may float; the one before it is fixed.
    else if (op === '~>') comparators.push(`>=${v.text} <${v.parts <= 2 ? `${v.major + 1}.0.0` : `${v.major}.${v.minor + 1}.0`}`);
    else comparators.push(`${op}${v.text}`);
  }
  return { constraint: comparators.length ? comparators.join(' ') : '*', exclude };
}

export interface RubySources {
  directive?: RubyDirective | undefined;
  lockfile?: Pick<GemfileLock, 'rubyVersion'> | undefined;
  /** Reads a file relative to the Gemfile's directory; undefined when missing. */
  readFile(name: string): Promise<string | undefined>;
}

export interface RubyRequestResult {
  request?: RubyRequest;
  /** Problems worth a warning (e.g. a directive that cannot be read without running Ruby). */
  warnings: string[];
}

/**
 * The Ruby the app asks for, read statically: the Gemfile's `ruby` directive (literal requirements, or
 * `file:`), then Gemfile.lock's `RUBY VERSION` (the exact Ruby the lock was made with), then `.ruby-version`.
 */
export async function rubyRequest(sources: RubySources): Promise<RubyRequestResult> {
  const warnings: string[] = [];
  const { directive } = sources;
  if (directive?.engine && directive.engine !== 'ruby') {
    throw new BuildpackError(`Unable to determine ruby: Sorry, we do not support engine: ${directive.engine}`, { exitCode: EXIT.rubyVersion });
  }
  if (directive && directive.requirements.length > 0) {
    try {
      const requested = directive.requirements.join(', ');
      return { request: { ...gemRequirementsToRange(directive.requirements), source: 'Gemfile', requested }, warnings };
    } catch (err) {
      if (!(err instanceof UnreadableRequirementError)) throw err;
      warnings.push(`Could not read the Gemfile's ruby directive (${err.message}); looking elsewhere.`);
    }
  }
  if (directive?.file !== undefined) {
    const text = await sources.readFile(directive.file);
    const version = text === undefined ? undefined : parseRubyVersionFile(text);
    if (version) return { request: { constraint: versionLineRange(version), source: directive.file, requested: version }, warnings };
    warnings.push(`The Gemfile's ruby directive names ${directive.file}, which ${text === undefined ? 'does not exist' : 'holds no Ruby version'}.`);
  } else if (directive?.dynamic) {
    warnings.push(`The Gemfile's \`${directive.dynamic}\` cannot be read without running Ruby; using Gemfile.lock or .ruby-version.`);
  }
  const locked = sources.lockfile?.rubyVersion;
  if (locked) return { request: { constraint: toSemver(locked).text, source: 'Gemfile.lock', requested: locked }, warnings };
  const file = await sources.readFile('.ruby-version');
  const version = file === undefined ? undefined : parseRubyVersionFile(file);
  if (version) return { request: { constraint: versionLineRange(version), source: '.ruby-version', requested: version }, warnings };
  return { warnings };
}

/** The manifest's highest Ruby meeting the app's request, else its default (the core logs which, and why, at install). */
export async function resolveRuby(deps: Dependencies, log: SupplyContext['log'], sources: RubySources): Promise<ResolvedDependency> {
  const { request, warnings } = await rubyRequest(sources);
  for (const w of warnings) log.warning(w);
  if (!request) {
    const dep = await deps.resolve('ruby');
    log.warning(defaultRubyWarning(dep.version));
    return dep;
  }
  const dep = await resolveOrFail(deps, 'ruby', request, {
    exitCode: EXIT.rubyVersion,
    noMatch: (err) =>
      `Unable to determine ruby: no match found for ${request.requested} (from ${request.source}) in [${err.available.join(' ')}]`,
  });
  return dep;
}

/** CF's warning when the app names no Ruby (supply.go, DetermineRuby). */
export function defaultRubyWarning(version: string): string {
  return `You have not declared a Ruby version in your Gemfile.\nDefaulting to ${version}\nSee http://docs.cloudfoundry.org/buildpacks/ruby/index.html#runtime for more information.`;
}
