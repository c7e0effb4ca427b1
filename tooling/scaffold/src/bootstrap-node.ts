import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ManifestDependency, parseManifest } from '@bpkit/manifest';
import { ScaffoldError } from './scaffold-error.ts';

/** The Node.js the bpkit bootstrap runs phases on, as the binary buildpack's manifest pins it. */
export interface BootstrapNode {
  entries: ManifestDependency[];
  /** Its default_versions constraint, e.g. `22.x`. */
  defaultVersion: string;
}

/**
 * Read from buildpacks/binary/manifest.yml, so a new buildpack starts with the same upstream entry
 * (uri, sha256, cf_stacks, source) every other buildpack was reviewed with, not a copy that drifts.
 */
export async function bootstrapNode(workspaceRoot: string): Promise<BootstrapNode> {
  const file = join(workspaceRoot, 'buildpacks', 'binary', 'manifest.yml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ScaffoldError(`Cannot read ${file}: a new buildpack copies the bootstrap's node entry from the binary buildpack`);
  }
  const manifest = parseManifest(text, { file });
  const entries = manifest.dependencies.filter((d) => d.name === 'node');
  const defaultVersion = manifest.default_versions.find((d) => d.name === 'node')?.version;
  if (entries.length === 0 || defaultVersion === undefined) {
    throw new ScaffoldError(`${file} has no node dependency with a default version to copy`);
  }
  return { entries, defaultVersion };
}
