import { posix } from 'node:path';
import type { WorkspacePackage } from './workspace-packages.ts';

/** Specifiers that name a path: the package there is local when it is a workspace member. */
const PATH_PROTOCOL = /^(?:file|link|portal):(.*)$/;

/**
 * The workspace packages `pkg` depends on. A `workspace:` specifier or a path to a member is local; so is a
 * plain range naming a member (npm and Yarn link a member that satisfies it; pnpm may go to the registry
 * instead, and keeping a member the app does not load costs only droplet space, where dropping one it loads
 * breaks the app). `npm:` aliases are registry packages.
 */
export function localDependencies(pkg: WorkspacePackage, packages: readonly WorkspacePackage[], includeDev: boolean): WorkspacePackage[] {
  const specs = { ...(includeDev ? pkg.devDependencies : {}), ...pkg.peerDependencies, ...pkg.optionalDependencies, ...pkg.dependencies };
  const local: WorkspacePackage[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.startsWith('npm:')) continue;
    const byPath = PATH_PROTOCOL.exec(spec);
    const target = byPath
      ? packages.find((p) => p.path === posix.normalize(posix.join(pkg.path, byPath[1] as string)))
      : packages.find((p) => p.name === name);
    if (target && target !== pkg) local.push(target);
  }
  return local;
}

/**
 * The member and every workspace package it needs at run time, transitively: the member's dependencies (with
 * its devDependencies when the install keeps them), then each local package's production ones, as npm
 * `--workspace`, `pnpm --filter <member>...` and `yarn workspaces focus` install them.
 */
export function workspaceClosure(member: WorkspacePackage, packages: readonly WorkspacePackage[], options: { includeDev: boolean }): WorkspacePackage[] {
  const seen = new Map<string, WorkspacePackage>([[member.path, member]]);
  const queue = localDependencies(member, packages, options.includeDev);
  while (queue.length > 0) {
    const next = queue.shift() as WorkspacePackage;
    if (seen.has(next.path)) continue;
    seen.set(next.path, next);
    queue.push(...localDependencies(next, packages, false));
  }
  return [...seen.values()].sort((a, b) => a.path.localeCompare(b.path));
}
