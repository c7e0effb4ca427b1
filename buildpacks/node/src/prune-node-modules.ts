import { lstat, readFile, readdir, realpath, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { isDirectory } from '@bpkit/fs';

/** A package whose dependencies the droplet must keep: its directory and the names it loads. */
export interface PruneStart {
  dir: string;
  dependencies: string[];
}

export interface PruneResult {
  /** Removed package entries, relative to the root. */
  removed: string[];
}

async function runtimeDependencies(dir: string): Promise<string[]> {
  try {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const names = (field: unknown): string[] => (field && typeof field === 'object' && !Array.isArray(field) ? Object.keys(field) : []);
    return [...names(pkg['dependencies']), ...names(pkg['optionalDependencies']), ...names(pkg['peerDependencies'])];
  } catch {
    return [];
  }
}

/**
 * Node's lookup of `name` from `dir`: `dir/node_modules/name`, then each parent's, stopping at `root` (the
 * droplet has nothing above the app directory). The entry found, and the directory it really is.
 */
async function resolvePackage(root: string, dir: string, name: string): Promise<{ entry: string; real: string } | undefined> {
  for (let d = dir; ; d = dirname(d)) {
    const entry = join(d, 'node_modules', name);
    if (await isDirectory(entry)) return { entry, real: await realpath(entry) };
    if (d === root || !d.startsWith(root + sep)) return undefined;
  }
}

/** The package entries of a node_modules directory: `name` and `@scope/name`, never `.bin` or `.package-lock.json`. */
async function packageEntries(nodeModules: string): Promise<string[]> {
  const entries = await readdir(nodeModules, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    if (e.name.startsWith('@') && e.isDirectory()) {
      for (const s of await readdir(join(nodeModules, e.name)).catch(() => [])) out.push(join(nodeModules, e.name, s));
    } else out.push(join(nodeModules, e.name));
  }
  return out;
}

/**
 * Removes from hoisted node_modules trees (npm, Yarn classic, Yarn's node-modules linker) every package that the
 * starting packages do not reach by Node's own resolution, following dependencies, optionalDependencies and
 * peerDependencies. That is what a member's droplet must hold: installs that cannot be narrowed to one
 * workspace (Yarn classic) leave the other members' dependencies and links behind. `.bin` links left dangling go
 * too. Paths are real paths: the app directory may sit behind a symlink.
 */
export async function pruneNodeModules(rootDir: string, starts: readonly PruneStart[]): Promise<PruneResult> {
  const root = await realpath(rootDir);
  const keptDirs = new Set<string>();
  const keptEntries = new Set<string>();
  const visit = async (dir: string, names: readonly string[]): Promise<void> => {
    for (const name of names) {
      const found = await resolvePackage(root, dir, name);
      if (!found) continue; // an optional or peer dependency not installed
      keptEntries.add(found.entry);
      if (keptDirs.has(found.real)) continue;
      keptDirs.add(found.real);
      await visit(found.real, await runtimeDependencies(found.real));
    }
  };
  const startDirs = await Promise.all(starts.map(async (s) => ({ dir: await realpath(s.dir), dependencies: s.dependencies })));
  for (const s of startDirs) {
    keptDirs.add(s.dir);
    await visit(s.dir, s.dependencies);
  }

  const removed: string[] = [];
  const scanned = new Set<string>();
  const scan = async (nodeModules: string): Promise<void> => {
    if (scanned.has(nodeModules) || !(await isDirectory(nodeModules))) return;
    scanned.add(nodeModules);
    for (const entry of await packageEntries(nodeModules)) {
      const link = (await lstat(entry)).isSymbolicLink();
      const keep = link ? keptEntries.has(entry) : keptDirs.has(entry) || keptEntries.has(entry);
      if (!keep) {
        await rm(entry, { recursive: true, force: true });
        removed.push(relative(root, entry));
      } else if (!link) await scan(join(entry, 'node_modules'));
    }
    await dropDanglingLinks(join(nodeModules, '.bin'));
    await dropEmptyScopes(nodeModules);
  };
  await scan(join(root, 'node_modules'));
  for (const dir of keptDirs) if (dir === root || dir.startsWith(root + sep)) await scan(join(dir, 'node_modules'));
  return { removed: removed.sort() };
}

async function dropDanglingLinks(binDir: string): Promise<void> {
  for (const name of await readdir(binDir).catch(() => [])) {
    const path = join(binDir, name);
    if (!(await stat(path).then(() => true, () => false))) await rm(path, { force: true });
  }
}

async function dropEmptyScopes(nodeModules: string): Promise<void> {
  for (const name of await readdir(nodeModules).catch(() => [])) {
    if (name.startsWith('@') && (await readdir(join(nodeModules, name)).catch(() => ['?'])).length === 0) await rm(join(nodeModules, name), { recursive: true });
  }
}
