import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathGlobSource } from '@bpkit/fs';

/** One package of a workspace, as its package.json declares it. */
export interface WorkspacePackage {
  /** Relative to the workspace root, `/`-separated (`packages/api`). */
  path: string;
  name: string | undefined;
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

// Deep enough for `apps/*/services/*`; a monorepo's node_modules and dot directories never hold its packages.
const MAX_DEPTH = 6;

/** A workspace glob as the package managers read it (`{a,b}` included), leading `./` and trailing `/` ignored. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${pathGlobSource(glob.replace(/^\.\//, '').replace(/\/+$/, ''), { braces: true })}$`);
}

/** Whether `path` (relative, `/`-separated) is a member by `patterns`: some positive glob matches, no `!` glob does. */
export function matchesWorkspace(path: string, patterns: readonly string[]): boolean {
  let member = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (globToRegExp(p.slice(1)).test(path)) return false;
    } else if (globToRegExp(p).test(path)) member = true;
  }
  return member;
}

const record = (value: unknown): Record<string, string> => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
};

/** The package.json of a workspace package, the parts closure and pruning need; undefined when unreadable. */
export async function readWorkspacePackage(root: string, path: string): Promise<WorkspacePackage | undefined> {
  let pkg: Record<string, unknown>;
  try {
    const raw: unknown = JSON.parse(await readFile(join(root, path, 'package.json'), 'utf8'));
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
    pkg = raw as Record<string, unknown>;
  } catch {
    return undefined;
  }
  return {
    path,
    name: typeof pkg['name'] === 'string' ? pkg['name'] : undefined,
    dependencies: record(pkg['dependencies']),
    optionalDependencies: record(pkg['optionalDependencies']),
    peerDependencies: record(pkg['peerDependencies']),
    devDependencies: record(pkg['devDependencies']),
  };
}

/** Every directory under `root` with a package.json that `patterns` make a member, sorted by path. */
export async function findWorkspacePackages(root: string, patterns: readonly string[]): Promise<WorkspacePackage[]> {
  const found: WorkspacePackage[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    const entries = await readdir(rel ? join(root, rel) : root, { withFileTypes: true }).catch(() => []);
    await Promise.all(
      entries
        .filter((e) => e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.'))
        .map(async (e) => {
          const path = rel ? `${rel}/${e.name}` : e.name;
          if (matchesWorkspace(path, patterns)) {
            const pkg = await readWorkspacePackage(root, path);
            if (pkg) found.push(pkg);
          }
          if (depth < MAX_DEPTH) await walk(path, depth + 1);
        }),
    );
  };
  await walk('', 1);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}
