import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import { findMatchingVersion } from '@bpkit/manifest';
import { versionReason } from '@bpkit/manifest/version-reason';

/** The Node runtime lib/bootstrap.sh installs on one stack when no other Node is available. */
export interface NodeRuntimeEntry {
  stack: string;
  version: string;
  uri: string;
  sha256: string;
  /** Path relative to the buildpack root, set in cached buildpacks (`file:`); '' otherwise. */
  file: string;
  /** Why this version, in the core's wording (the log's `Chosen by …`). */
  reason: string;
}

type Yaml = Record<string, unknown>;

/**
 * Picks the bootstrap runtime for every stack the manifest's `node` entries name: the highest
 * version matching `default_versions` for node when there is one, else the highest version.
 */
export function nodeRuntimeEntries(manifestText: string): NodeRuntimeEntry[] {
  // FAILSAFE keeps every scalar a string: `version: 22.10` must not become the number 22.1.
  // Not parseManifest: a buildpack being bundled may not have a complete manifest yet.
  const manifest = load(manifestText, { schema: FAILSAFE_SCHEMA });
  if (!isMap(manifest)) throw new Error('manifest.yml is not a YAML mapping');
  const manifestStack = typeof manifest.stack === 'string' ? manifest.stack : '';
  const dependencies = Array.isArray(manifest.dependencies) ? manifest.dependencies.filter(isMap) : [];
  const nodes = dependencies.filter((d) => d.name === 'node');
  const constraint = defaultConstraint(manifest.default_versions);

  const stacksOf = (dep: Yaml): string[] =>
    Array.isArray(dep.cf_stacks) ? dep.cf_stacks.filter((s): s is string => typeof s === 'string') : manifestStack ? [manifestStack] : [];
  const stacks = [...new Set(nodes.flatMap(stacksOf))].sort();

  return stacks.map((stack) => {
    const candidates = nodes.filter((d) => stacksOf(d).includes(stack) && typeof d.version === 'string');
    let version: string;
    try {
      version = findMatchingVersion(constraint ?? 'latest', candidates.map((d) => String(d.version)));
    } catch {
      throw new Error(`manifest.yml: default_versions for node (${constraint}) matches no node dependency for stack ${stack}`);
    }
    const best = candidates.find((d) => d.version === version)!;
    for (const key of ['uri', 'sha256'] as const) {
      if (typeof best[key] !== 'string' || best[key] === '') {
        throw new Error(`manifest.yml: node ${version} for stack ${stack} has no ${key}`);
      }
    }
    const sha256 = String(best.sha256).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`manifest.yml: node ${version} has a malformed sha256: ${sha256}`);
    const reason = `${versionReason(undefined, constraint ?? 'latest')} (the Node.js that runs this buildpack)`;
    return { stack, version, uri: String(best.uri), sha256, file: typeof best.file === 'string' ? best.file : '', reason };
  });
}

function isMap(value: unknown): value is Yaml {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function defaultConstraint(defaults: unknown): string | undefined {
  if (!Array.isArray(defaults)) return undefined;
  const entry = defaults.filter(isMap).find((d) => d.name === 'node');
  return entry && typeof entry.version === 'string' ? entry.version : undefined;
}
