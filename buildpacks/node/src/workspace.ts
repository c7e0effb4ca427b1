import { join, posix } from 'node:path';
import { type WorkspaceConfig, readWorkspaceConfig } from './workspace-config.ts';
import { type WorkspacePackage, findWorkspacePackages } from './workspace-packages.ts';

/** The monorepo a staged member belongs to. */
export interface Workspace {
  /** The workspace root, relative to the app directory (`.` when the pushed directory is the root). */
  root: string;
  config: WorkspaceConfig;
  /** Every member package, paths relative to the root. */
  packages: WorkspacePackage[];
  /** The member being staged (its path relative to the root). */
  member: WorkspacePackage;
}

/**
 * The workspace whose members include `projectPath` (relative to the app directory): the nearest directory at
 * or above it, up to the app directory, that declares workspaces listing it, as npm and Yarn look for their
 * workspace root. Undefined when none does: the project is a plain app in a subdirectory.
 */
export async function findWorkspace(buildDir: string, projectPath: string): Promise<Workspace | undefined> {
  if (projectPath === '.') return undefined;
  for (let root = posix.dirname(projectPath); ; root = posix.dirname(root)) {
    const config = await readWorkspaceConfig(join(buildDir, root));
    if (config) {
      const packages = await findWorkspacePackages(join(buildDir, root), config.patterns);
      const memberPath = posix.relative(root, projectPath);
      const member = packages.find((p) => p.path === memberPath);
      if (member) return { root, config, packages, member };
    }
    if (root === '.') return undefined;
  }
}
