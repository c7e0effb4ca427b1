import semver from 'semver';
import { type Lockfile, type RubyDirective, parseRubyVersionFile } from './gemfile.ts';

/** The Ruby an app asks for, as a semver range, and where the request came from (for the log). */
export interface RubyRequest {
  /** node-semver range, e.g. `3.2.4`, `>=3.2.0 <4.0.0`, `3.2.x`. */
  range: string;
  /** Versions a `!=` requirement excludes. */
  excluded: string[];
  /** As the app wrote it: `~> 3.2`, `3.2.4`. */
  display: string;
  /** `Gemfile`, `.ruby-version`, `Gemfile.lock`. */
  source: string;
}

export class UnreadableRequirementError extends Error {}

/** Pads a Gem version to semver's three parts; `3.3.0.preview1` → `3.3.0-preview1`. */
function toSemver(version: string): { text: string; parts: number } {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:[.-]?([a-zA-Z][0-9A-Za-z.]*))?$/.exec(version.trim());
  if (!m) throw new UnreadableRequirementError(`unreadable version "${version}"`);
  const parts = [m[1], m[2], m[3], m[4]].filter((p) => p !== undefined).length;
  const pre = m[5] ? `-${m[5]}` : '';
  return { text: `${m[1]}.${m[2] ?? '0'}.${m[3] ?? '0'}${pre}`, parts };
}

/**
 * Gem::Requirement strings (`3.2.4`, `~> 3.2`, `>= 3.1`, `!= 3.2.1`), AND-ed, as a node-semver range plus the
 * versions `!=` excludes. RubyGems semantics: `~> 3.2` is `>= 3.2, < 4`; `~> 3.2.4` is `>= 3.2.4, < 3.3`;
 * a bare `3.2` is exactly 3.2.0, as Bundler itself checks it.
 */
export function gemRequirementsToRange(requirements: readonly string[]): { range: string; excluded: string[] } {
  const comparators: string[] = [];
  const excluded: string[] = [];
  for (const requirement of requirements) {
    const m = /^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$/.exec(requirement);
    if (!m?.[2]) throw new UnreadableRequirementError(`unreadable requirement "${requirement}"`);
    const op = m[1] ?? '=';
    const { text, parts } = toSemver(m[2]);
    const v = semver.parse(text);
    if (!v) throw new UnreadableRequirementError(`unreadable requirement "${requirement}"`);
    switch (op) {
      case '=':
        comparators.push(text);
        break;
      case '!=':
        excluded.push(text);
        break;
      case '~>': {
        // The last written part may float; the one before it is fixed.
        const upper = parts <= 2 ? `${v.major + 1}.0.0` : `${v.major}.${v.minor + 1}.0`;
        comparators.push(`>=${text} <${upper}`);
        break;
      }
      default:
        comparators.push(`${op}${text}`);
    }
  }
  return { range: comparators.length ? comparators.join(' ') : '*', excluded };
}

/** `3.2` → `3.2.x`, `3` → `3.x`: a version manager's partial version means the newest of that line. */
function versionFileRange(version: string): string {
  const parts = version.split('.');
  return parts.length >= 3 ? version : `${version}.x`;
}

export interface RubySources {
  directive?: RubyDirective;
  lockfile?: Lockfile;
  /** Reads a file relative to the Gemfile's directory; undefined when missing. */
  readFile(name: string): string | undefined;
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
export function rubyRequest(sources: RubySources): RubyRequestResult {
  const warnings: string[] = [];
  const { directive } = sources;
  if (directive?.engine && directive.engine !== 'ruby') {
    throw new UnsupportedEngineError(directive.engine);
  }
  if (directive && directive.requirements.length > 0) {
    try {
      const { range, excluded } = gemRequirementsToRange(directive.requirements);
      return { request: { range, excluded, display: directive.requirements.join(', '), source: 'Gemfile' }, warnings };
    } catch (err) {
      warnings.push(`Could not read the Gemfile's ruby directive (${(err as Error).message}); looking elsewhere.`);
    }
  }
  if (directive?.file !== undefined) {
    const text = sources.readFile(directive.file);
    const version = text === undefined ? undefined : parseRubyVersionFile(text);
    if (version) return { request: { range: versionFileRange(version), excluded: [], display: version, source: directive.file }, warnings };
    warnings.push(`The Gemfile's ruby directive names ${directive.file}, which ${text === undefined ? 'does not exist' : 'holds no Ruby version'}.`);
  } else if (directive?.dynamic) {
    warnings.push(`The Gemfile's \`${directive.dynamic}\` cannot be read without running Ruby; using Gemfile.lock or .ruby-version.`);
  }
  const locked = sources.lockfile?.rubyVersion;
  if (locked) {
    const { text } = toSemver(locked);
    return { request: { range: text, excluded: [], display: locked, source: 'Gemfile.lock' }, warnings };
  }
  const file = sources.readFile('.ruby-version');
  const version = file === undefined ? undefined : parseRubyVersionFile(file);
  if (version) return { request: { range: versionFileRange(version), excluded: [], display: version, source: '.ruby-version' }, warnings };
  return { warnings };
}

export class UnsupportedEngineError extends Error {
  constructor(readonly engine: string) {
    super(`Sorry, we do not support engine: ${engine}`);
  }
}

/** The highest of `versions` the request allows, or undefined. */
export function matchRubyVersion(request: RubyRequest, versions: readonly string[]): string | undefined {
  let best: semver.SemVer | undefined;
  let bestText: string | undefined;
  for (const text of versions) {
    let v: semver.SemVer | null;
    try {
      v = semver.parse(toSemver(text).text);
    } catch {
      continue; // a manifest version we cannot read never matches
    }
    if (!v) continue;
    if (request.excluded.some((e) => semver.eq(v, e))) continue;
    if (!semver.satisfies(v, request.range)) continue;
    if (!best || semver.gt(v, best)) {
      best = v;
      bestText = text;
    }
  }
  return bestText;
}

/** CF's warning when the app names no Ruby (supply.go, DetermineRuby). */
export function defaultRubyWarning(version: string): string {
  return `You have not declared a Ruby version in your Gemfile.\nDefaulting to ${version}\nSee http://docs.cloudfoundry.org/buildpacks/ruby/index.html#runtime for more information.`;
}
