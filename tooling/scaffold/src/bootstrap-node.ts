import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type ManifestDependency, parseManifest } from '@bpkit/manifest';
import { ScaffoldError } from './scaffold-error.ts';

/** The Node.js the bpkit bootstrap runs phases on, as the workspace's buildpacks pin it. */
export interface BootstrapNode {
  entries: ManifestDependency[];
  /** Its default_versions constraint, e.g. `22.x`. */
  defaultVersion: string;
  /** The manifest it was copied from, relative to the workspace root: `buildpacks/go/manifest.yml`. */
  from: string;
}

/**
 * Read from the first buildpack (by name) whose manifest.yml has node entries and a node default, so a new
 * buildpack starts with the same upstream entry (uri, sha256, cf_stacks, source) the others were reviewed with,
 * not a copy that drifts. A buildpack that starts no Node (binary's sh-only phases) carries none.
 */
export async function bootstrapNode(workspaceRoot: string): Promise<BootstrapNode> {
  const names = await readdir(join(workspaceRoot, 'buildpacks')).catch(() => []);
  for (const name of names.filter((n) => !n.startsWith('.')).sort()) {
    const from = `buildpacks/${name}/manifest.yml`;
    const file = join(workspaceRoot, from);
    let manifest: ReturnType<typeof parseManifest>;
    try {
      manifest = parseManifest(await readFile(file, 'utf8'), { file });
    } catch {
      continue; // no manifest, or one conformance will report: look further
    }
    const entries = manifest.dependencies.filter((d) => d.name === 'node');
    const defaultVersion = manifest.default_versions.find((d) => d.name === 'node')?.version;
    if (entries.length > 0 && defaultVersion !== undefined) return { entries, defaultVersion, from };
  }
  throw new ScaffoldError(
    `No manifest.yml in ${join(workspaceRoot, 'buildpacks')} has a node dependency with a default version: a new buildpack copies the bootstrap's node entry from one`,
  );
}
