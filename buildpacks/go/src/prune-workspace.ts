import { rm } from 'node:fs/promises';
import { sep } from 'node:path';
import { ExecError, output } from '@bpkit/exec';
import type { GoWorkspace, WorkspaceModule } from './go-workspace.ts';
import type { GoRun } from './workspace-packages.ts';

/** The directories of the modules the installed packages are built from (`go list -deps`). */
async function modulesBuiltFrom(go: GoRun, packages: string[]): Promise<Set<string>> {
  const out = await output(go.goBinary, ['list', '-deps', '-f', '{{with .Module}}{{.Dir}}{{end}}', ...packages], { cwd: go.cwd, env: go.env });
  return new Set(out.split('\n').filter(Boolean));
}

const within = (dir: string, parent: string): boolean => dir === parent || dir.startsWith(parent + sep);

/**
 * The workspace's modules the app does not build from: a monorepo pushed whole would otherwise ship every other
 * service's source in this app's droplet. The app root, a module the build read, and a module holding one
 * (nested modules) stay.
 */
export function unusedModules(workspace: GoWorkspace, root: string, used: Set<string>): WorkspaceModule[] {
  return workspace.modules.filter((m) => m.dir !== root && ![...used].some((dir) => within(dir, m.dir)));
}

/**
 * Removes the workspace modules the installed packages do not import from the droplet, and returns their
 * labels. A listing that fails leaves everything in place: the droplet is only larger than it needs to be.
 */
export async function pruneWorkspace(go: GoRun, workspace: GoWorkspace, packages: string[]): Promise<{ removed: string[]; error?: string }> {
  let used: Set<string>;
  try {
    used = await modulesBuiltFrom(go, packages);
  } catch (err) {
    return { removed: [], error: err instanceof ExecError ? err.stderr.trim() || err.message : (err as Error).message };
  }
  const unused = unusedModules(workspace, go.cwd, used);
  for (const module of unused) await rm(module.dir, { recursive: true, force: true });
  return { removed: unused.map((m) => m.label) };
}
