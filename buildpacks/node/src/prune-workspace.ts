import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pruneNodeModules } from './prune-node-modules.ts';
import type { Workspace } from './workspace.ts';
import type { WorkspacePackage } from './workspace-packages.ts';

export interface PrunedWorkspace {
  /** Workspace packages removed from the droplet (paths relative to the workspace root). */
  removedPackages: string[];
  /** Unrelated members kept because a kept member's directory holds them or sits inside them. */
  keptNested: string[];
  /** node_modules entries removed. */
  removedModules: string[];
}

const inside = (child: string, parent: string): boolean => child.startsWith(`${parent}/`);

/**
 * `pnpm deploy`-style pruning done in place: the members outside the closure leave the droplet, and so does
 * whatever in a hoisted node_modules only they needed (links to them included), so the member runs with
 * nothing of the rest of the monorepo. pnpm's filtered install already holds only the closure in its virtual
 * store, and Plug'n'Play has no node_modules: only the directories go there.
 */
export async function pruneWorkspace(
  installDir: string,
  workspace: Workspace,
  closure: readonly WorkspacePackage[],
  options: { hoisted: boolean; includeDev: boolean },
): Promise<PrunedWorkspace> {
  const keep = new Set(closure.map((p) => p.path));
  const removedPackages: string[] = [];
  const keptNested: string[] = [];
  for (const p of workspace.packages) {
    if (keep.has(p.path)) continue;
    if (closure.some((k) => inside(p.path, k.path) || inside(k.path, p.path))) {
      keptNested.push(p.path);
      continue;
    }
    await rm(join(installDir, p.path), { recursive: true, force: true });
    removedPackages.push(p.path);
  }
  if (!options.hoisted) return { removedPackages, keptNested, removedModules: [] };
  const starts = closure.map((p) => {
    const dev = options.includeDev && p.path === workspace.member.path ? p.devDependencies : {};
    return { dir: join(installDir, p.path), dependencies: Object.keys({ ...dev, ...p.peerDependencies, ...p.optionalDependencies, ...p.dependencies }) };
  });
  const { removed } = await pruneNodeModules(installDir, starts);
  return { removedPackages, keptNested, removedModules: removed };
}
