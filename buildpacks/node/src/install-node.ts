import { readFile, readdir, realpath, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dependencies, ResolvedDependency } from '@bpkit/buildpack';
import { exists } from '@bpkit/fs';

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
  if (!(await exists(join(home, 'bin', 'node')))) await hoistSingleDirectory(home);
  return { home, npmVersion: await bundledNpmVersion(home) };
}

/**
 * deps/<idx>/bin links for every entry of `binDir`, each to the file itself (bin/npm → …/npm-cli.js), not to the
 * entry: a link to a link is dropped by extractors that refuse to resolve through symlinks (node-tar 7.5).
 */
export async function binLinks(binDir: string): Promise<Record<string, string>> {
  const names = (await readdir(binDir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await realpath(join(binDir, name))] as const)));
}

/** A tarball's single top-level directory (`node-v22.19.0-linux-x64/`, `package/`) becomes `dir` itself. */
export async function hoistSingleDirectory(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  const top = entries.length === 1 && entries[0]?.isDirectory() ? entries[0].name : undefined;
  if (!top) return;
  const moved = `${dir}.hoist`;
  await rename(join(dir, top), moved);
  await rm(dir, { recursive: true, force: true });
  await rename(moved, dir);
}

async function bundledNpmVersion(home: string): Promise<string | undefined> {
  try {
    const pkg = JSON.parse(await readFile(join(home, 'lib', 'node_modules', 'npm', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}
