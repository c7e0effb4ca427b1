import { readFile, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dependencies, SupplyContext } from '@bpkit/buildpack';

export interface NodeInstallation {
  /** deps/<idx>/node */
  home: string;
  /** The npm bundled with this Node (read from its package.json: starting npm costs ~0.3 s). */
  npmVersion: string | undefined;
}

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

/**
 * CF's InstallNode: the manifest's node tarball (bin/node, bin/npm, lib/node_modules/npm at its root) into
 * deps/<idx>/node, its bin/ linked into deps/<idx>/bin so later buildpacks and the app find node and npm.
 * Tarballs with one top-level directory (nodejs.org's layout) are accepted and flattened.
 */
export async function installNode(ctx: SupplyContext, deps: Dependencies, version: string): Promise<NodeInstallation> {
  const home = join(ctx.depDir, 'node');
  deps.installer.setVersionLine('node', 'major');
  // The unpacked copy stays in the cache dir; a restage hard-links it instead of unpacking 138 MB again.
  await deps.install({ name: 'node', version }, home, { reuse: 'copy' });
  if (!(await exists(join(home, 'bin', 'node')))) await flattenSingleTopDir(home);
  await linkBins(ctx, join(home, 'bin'));
  return { home, npmVersion: await bundledNpmVersion(home) };
}

/**
 * deps/<idx>/bin/<name> for every entry of `binDir`, pointing at the file itself (bin/npm → …/npm-cli.js), not
 * at the entry: a link to a link is dropped by extractors that refuse to resolve through symlinks (node-tar 7.5).
 */
export async function linkBins(ctx: SupplyContext, binDir: string): Promise<void> {
  for (const name of (await readdir(binDir)).sort()) {
    await ctx.deps.linkBinary(await realpath(join(binDir, name)), name);
  }
}

async function flattenSingleTopDir(home: string): Promise<void> {
  const entries = await readdir(home, { withFileTypes: true });
  const top = entries.length === 1 && entries[0]?.isDirectory() ? entries[0].name : undefined;
  if (!top || !(await exists(join(home, top, 'bin', 'node')))) return;
  const moved = `${home}.flatten`;
  await rename(join(home, top), moved);
  await rm(home, { recursive: true, force: true });
  await rename(moved, home);
}

export async function bundledNpmVersion(home: string): Promise<string | undefined> {
  try {
    const pkg = JSON.parse(await readFile(join(home, 'lib', 'node_modules', 'npm', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}
