import { join } from 'node:path';
import { BuildpackError, type Env } from '@bpkit/buildpack';
import { EXIT } from './exit-codes.ts';
import { type PackageJson, readPackageJson } from './package-json.ts';
import { PROJECT_PATH_ENV, readProjectPath } from './project-path.ts';
import { type Workspace, findWorkspace } from './workspace.ts';
import { readWorkspaceConfig } from './workspace-config.ts';

/** What is staged: the app's package (maybe a workspace member) and where its package manager runs. */
export interface Project {
  /** The app's directory relative to the pushed one (`.`, or NODE_PROJECT_PATH). */
  path: string;
  /** Absolute: where the app's package.json is, its scripts run and `npm start` starts. */
  appDir: string;
  /** Absolute: where the lockfile is and the package manager installs (the workspace root for a member). */
  installDir: string;
  workspace: Workspace | undefined;
  /** The app's package.json, with what a member leaves to its workspace root (engines, packageManager) from there. */
  pkg: PackageJson;
}

/**
 * The project NODE_PROJECT_PATH names inside the pushed directory. A workspace member takes engines fields it
 * does not set from the workspace root, and `packageManager` from the root first (Corepack and the package
 * managers themselves read the root's: it runs the install).
 */
export async function readProject(buildDir: string, env: Env): Promise<Project> {
  const path = await readProjectPath(buildDir, env);
  const appDir = join(buildDir, path);
  const workspace = await findWorkspace(buildDir, path);
  const installDir = workspace ? join(buildDir, workspace.root) : appDir;
  const own = await readPackageJson(appDir);
  if (!workspace) {
    // A workspace root staged whole may depend on its members by `workspace:`; only a lone member cannot.
    if (!(await readWorkspaceConfig(appDir))) rejectDetachedMember(own, path);
    return { path, appDir, installDir, workspace, pkg: own };
  }
  const root = await readPackageJson(installDir);
  const packageManager = root.packageManager ?? own.packageManager;
  const pkg: PackageJson = { engines: { ...root.engines, ...own.engines }, scripts: own.scripts, dependencySpecs: own.dependencySpecs, ...(packageManager ? { packageManager } : {}) };
  return { path, appDir, installDir, workspace, pkg };
}

/**
 * A workspace member pushed on its own (`path:` into a monorepo) cannot install a `workspace:` dependency: its
 * sibling was not uploaded, and npm would stop at an unsupported protocol. Say what to push instead.
 */
function rejectDetachedMember(pkg: PackageJson, path: string): void {
  const local = Object.entries(pkg.dependencySpecs).filter(([, spec]) => spec.startsWith('workspace:'));
  if (local.length === 0) return;
  const names = local.map(([name, spec]) => `${name} (${spec})`).join(', ');
  throw new BuildpackError(
    `${path === '.' ? 'package.json' : `${path}/package.json`} depends on workspace packages: ${names}, but no workspace root listing it was pushed.\n` +
      `Push the monorepo's root with ${PROJECT_PATH_ENV} set to this package's directory (e.g. cf set-env APP ${PROJECT_PATH_ENV} packages/api), ` +
      'or push the output of `pnpm deploy` for it.',
    { exitCode: EXIT.packageJson },
  );
}
