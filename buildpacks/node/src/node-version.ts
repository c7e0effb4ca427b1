import semver from 'semver';
import { BuildpackError } from '@bpkit/buildpack';
import { findMatchingVersion } from '@bpkit/manifest';

const DOCS = 'http://docs.cloudfoundry.org/buildpacks/node/node-tips.html';

/** Node release lines by LTS codename (nvm's `lts/<name>`); CF's own table stopped at hydrogen (18). */
export const LTS_LINES: Readonly<Record<string, number>> = {
  argon: 4,
  boron: 6,
  carbon: 8,
  dubnium: 10,
  erbium: 12,
  fermium: 14,
  gallium: 16,
  hydrogen: 18,
  iron: 20,
  jod: 22,
  krypton: 24,
};

export type VersionFile = '.nvmrc' | '.node-version';
export type VersionSource = 'engines.node (package.json)' | VersionFile | 'default (manifest.yml)';

export interface NodeVersionRequest {
  /** package.json `engines.node` */
  engines?: string | undefined;
  /** .nvmrc content, when the file exists */
  nvmrc?: string | undefined;
  /** .node-version content, when the file exists */
  nodeVersion?: string | undefined;
}

export interface NodeVersionChoice {
  version: string;
  source: VersionSource;
  /** What the source asked for, as written (absent for the manifest default). */
  requested?: string;
  /** CF's WarnNodeEngine messages, in its order. */
  warnings: string[];
}

/** A version file's request as a range over the manifest's versions; `kind` says which nvm form it was. */
export interface VersionFileRange {
  range: string;
  kind: 'latest' | 'lts' | 'version';
}

/**
 * Reads .nvmrc / .node-version the way nvm does (`node`, `lts/*`, `lts/<name>`, `v20`, `20.11`, `20.11.1`).
 * A partial version means the newest of that line: `v20` → `20.x`, `20.11` → `20.11.x`.
 */
export function versionFileRange(content: string, file: VersionFile): VersionFileRange {
  const text = content.trim().toLowerCase();
  if (text === 'node' || text === 'stable') return { range: '*', kind: 'latest' };
  if (text.startsWith('lts/')) {
    const name = text.slice(4);
    if (name === '*') {
      return { range: Object.values(LTS_LINES).map((major) => `${major}.x`).join(' || '), kind: 'lts' };
    }
    const major = LTS_LINES[name];
    if (major !== undefined) return { range: `${major}.x`, kind: 'lts' };
    throw new BuildpackError(`Unable to load ${file}: unknown LTS release line ${content.trim()} (known: ${Object.keys(LTS_LINES).join(', ')})`, {
      exitCode: 14,
    });
  }
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(text);
  if (!m) throw new BuildpackError(`Unable to load ${file}: invalid version ${content.trim()} specified in ${file}`, { exitCode: 14 });
  return { range: [m[1], m[2] ?? 'x', m[3] ?? 'x'].join('.'), kind: 'version' };
}

function noMatch(requested: string, source: VersionSource, versions: readonly string[]): BuildpackError {
  return new BuildpackError(`Unable to install node: no match found for ${requested} (${source}) in [${versions.join(' ')}]`, {
    exitCode: 14,
  });
}

/**
 * The Node version to install: `engines.node` beats `.nvmrc`, which beats `.node-version`, which beats the
 * manifest's default. The highest manifest version satisfying the request wins; none → **ERROR** listing them.
 */
export function chooseNodeVersion(
  request: NodeVersionRequest,
  versions: readonly string[],
  defaultVersion: () => string,
): NodeVersionChoice {
  const engines = request.engines?.trim() || undefined;
  const nvmrc = request.nvmrc?.trim() || undefined;
  const nodeVersion = request.nodeVersion?.trim() || undefined;
  const warnings: string[] = [];

  if (engines === undefined && nvmrc !== undefined) warnings.push(`Using the node version specified in your .nvmrc See: ${DOCS}`);
  if (engines === undefined && nvmrc === undefined && nodeVersion !== undefined) {
    warnings.push(`Using the node version specified in your .node-version See: ${DOCS}`);
  }
  if (engines !== undefined && nvmrc !== undefined && engines !== nvmrc) {
    warnings.push("Node version in .nvmrc ignored in favor of 'engines' field in package.json");
  }
  if (engines === undefined && nvmrc === undefined && nodeVersion === undefined) {
    warnings.push(`Node version not specified in package.json or .nvmrc. See: ${DOCS}`);
  }

  if (engines !== undefined) {
    if (engines === '*') warnings.push(`Dangerous semver range (*) in engines.node. See: ${DOCS}`);
    if (engines.startsWith('>')) warnings.push(`Dangerous semver range (>) in engines.node. See: ${DOCS}`);
    const source: VersionSource = 'engines.node (package.json)';
    if (semver.validRange(engines.replace(/\s*,\s*/g, ' '), { loose: true }) === null) {
      throw new BuildpackError(
        `Unable to install node: engines.node in package.json is not a semver range: ${engines}\n` +
          `Use a range such as 22.x or >=20 <23; available versions: [${versions.join(' ')}]`,
        { exitCode: 14 },
      );
    }
    return { version: match(engines, engines, source, versions), source, requested: engines, warnings };
  }

  for (const [file, content] of [['.nvmrc', nvmrc], ['.node-version', nodeVersion]] as const) {
    if (content === undefined) continue;
    const { range, kind } = versionFileRange(content, file);
    if (kind === 'latest') warnings.push(`${file} specified latest node version, this will be selected from versions available in manifest.yml`);
    if (kind === 'lts') warnings.push(`${file} specified an lts version, this will be selected from versions available in manifest.yml`);
    return { version: match(range, content, file, versions), source: file, requested: content, warnings };
  }

  return { version: defaultVersion(), source: 'default (manifest.yml)', warnings };
}

function match(range: string, requested: string, source: VersionSource, versions: readonly string[]): string {
  try {
    return findMatchingVersion(range, versions);
  } catch {
    throw noMatch(requested, source, versions);
  }
}
