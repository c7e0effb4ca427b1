import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Dependencies, type ResolvedDependency, hoistSingleDirectory } from '@bpkit/buildpack';

export interface NodeInstallation {
  /** deps/<idx>/node */
  home: string;
  /** The npm bundled with this Node (read from its package.json: starting npm costs ~0.3 s). */
  npmVersion: string | undefined;
}

/**
 * CF's InstallNode: the manifest's node tarball (bin/node, bin/npm, lib/node_modules/npm at its root) into
 * deps/<idx>/node. Tarballs with one top-level directory (nodejs.org's layout) are accepted and flattened.
 */
export async function installNode(deps: Pick<Dependencies, 'install'>, node: ResolvedDependency, home: string): Promise<NodeInstallation> {
  // The unpacked copy stays in the cache dir; a restage hard-links it instead of unpacking 138 MB again.
  await deps.install(node, home, { reuse: 'copy' });
  await hoistSingleDirectory(home, 'bin/node');
  return { home, npmVersion: await bundledNpmVersion(home) };
}

async function bundledNpmVersion(home: string): Promise<string | undefined> {
  try {
    const pkg = JSON.parse(await readFile(join(home, 'lib', 'node_modules', 'npm', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}
