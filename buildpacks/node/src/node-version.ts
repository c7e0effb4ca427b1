import { BuildpackError, type Dependencies, type NoMatchingVersionError, type ResolvedDependency, type VersionRequest, resolveOrFail, rethrowAs, versionLineRange } from '@bpkit/buildpack';
import { isVersionRange } from '@bpkit/buildpack/versions';
import { EXIT } from './exit-codes.ts';

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

/** What the app says about its Node version, as written. */
export interface NodeVersionFiles {
  /** package.json `engines.node` */
  engines?: string | undefined;
  /** .nvmrc content, when the file exists */
  nvmrc?: string | undefined;
  /** .node-version content, when the file exists */
  nodeVersion?: string | undefined;
}

export interface NodeVersionChoice {
  node: ResolvedDependency;
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
      exitCode: EXIT.installNode,
    });
  }
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(text);
  if (!m) throw new BuildpackError(`Unable to load ${file}: invalid version ${content.trim()} specified in ${file}`, { exitCode: EXIT.installNode });
  return { range: versionLineRange(text.replace(/^v/, '')), kind: 'version' };
}

/**
 * The Node version to install: `engines.node` beats `.nvmrc`, which beats `.node-version`, which beats the
 * manifest's default. The highest manifest version satisfying the request wins; none → **ERROR** listing them.
 */
export async function chooseNodeVersion(deps: Pick<Dependencies, 'versions' | 'resolve'>, files: NodeVersionFiles): Promise<NodeVersionChoice> {
  const engines = files.engines?.trim() || undefined;
  const nvmrc = files.nvmrc?.trim() || undefined;
  const nodeVersion = files.nodeVersion?.trim() || undefined;
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

  let request: (VersionRequest & { source: VersionSource }) | undefined;
  if (engines !== undefined) {
    if (engines === '*') warnings.push(`Dangerous semver range (*) in engines.node. See: ${DOCS}`);
    if (engines.startsWith('>')) warnings.push(`Dangerous semver range (>) in engines.node. See: ${DOCS}`);
    if (!isVersionRange(engines)) {
      throw new BuildpackError(
        `Unable to install node: engines.node in package.json is not a semver range: ${engines}\n` +
          `Use a range such as 22.x or >=20 <23; available versions: [${deps.versions('node').join(' ')}]`,
        { exitCode: EXIT.installNode },
      );
    }
    request = { constraint: engines, source: 'engines.node (package.json)' };
  } else {
    for (const [file, content] of [['.nvmrc', nvmrc], ['.node-version', nodeVersion]] as const) {
      if (content === undefined) continue;
      const { range, kind } = versionFileRange(content, file);
      if (kind === 'latest') warnings.push(`${file} specified latest node version, this will be selected from versions available in manifest.yml`);
      if (kind === 'lts') warnings.push(`${file} specified an lts version, this will be selected from versions available in manifest.yml`);
      request = { constraint: range, source: file, requested: content };
      break;
    }
  }

  const node = await resolveNode(deps, request);
  if (!request) return { node, source: 'default (manifest.yml)', warnings };
  return { node, source: request.source, requested: request.requested ?? request.constraint, warnings };
}

// Resolved by major line: the install's newer-version warning then points at the newest release of the same major.
function resolveNode(deps: Pick<Dependencies, 'resolve'>, request: VersionRequest | undefined): Promise<ResolvedDependency> {
  const noMatch = ({ request: asked, available }: NoMatchingVersionError): string =>
    `no match found for ${asked.requested ?? asked.constraint} (${asked.source}) in [${available.join(' ')}]`;
  return rethrowAs('Unable to install node', EXIT.installNode, () =>
    resolveOrFail(deps, 'node', request, { exitCode: EXIT.installNode, noMatch }, { versionLine: 'major' }),
  );
}
