import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The bpkit workspace holding `from`: the nearest directory with pnpm-workspace.yaml and buildpacks/. */
export function findWorkspaceRoot(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml')) && existsSync(join(dir, 'buildpacks'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
