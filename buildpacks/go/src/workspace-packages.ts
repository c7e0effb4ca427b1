import { relative, sep } from 'node:path';
import { BuildpackError, type Env } from '@bpkit/buildpack';
import { ExecError, output } from '@bpkit/exec';
import { binaryName, installPackages } from './build-flags.ts';
import { EXIT } from './exit-codes.ts';
import type { GoWorkspace } from './go-workspace.ts';

/** A package as `go list -find` names it. */
export interface ListedPackage {
  name: string;
  importPath: string;
  dir: string;
}

/** How go runs here: the toolchain, the app root it runs in, the staging environment. */
export interface GoRun {
  goBinary: string;
  cwd: string;
  env: Record<string, string | undefined>;
}

/** What finalize installs from a workspace, and the binary the web process starts. */
export interface WorkspaceTarget {
  packages: string[];
  binary: string;
  /** What is built, by import path, for messages. */
  label: string;
  /** Why these packages, for the log: CF's `.` default, or the workspace's only main package. */
  chosenBy: 'GO_INSTALL_PACKAGE_SPEC' | 'default' | 'only main package';
}

/**
 * `go list -e -find`: names and directories without loading dependencies, so it answers before anything is
 * vendored or fetched; a pattern that matches nothing comes back nameless and is dropped.
 */
export async function listPackages(go: GoRun, patterns: string[]): Promise<ListedPackage[]> {
  let out: string;
  try {
    out = await output(go.goBinary, ['list', '-e', '-find', '-f', '{{.Name}}\t{{.ImportPath}}\t{{.Dir}}', ...patterns], { cwd: go.cwd, env: go.env });
  } catch (err) {
    const said = err instanceof ExecError ? err.stderr.trim() || err.message : (err as Error).message;
    throw new BuildpackError(`Unable to list the workspace's packages:\n${said}`, { exitCode: EXIT.finalize, cause: err });
  }
  return out
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((f): f is [string, string, string] => f.length === 3 && f[0] !== '')
    .map(([name, importPath, dir]) => ({ name, importPath, dir }));
}

/** The error for a workspace whose main package must be named, listing the candidates. */
export function severalMains(mains: ListedPackage[], labelOf: (dir: string) => string): string {
  const lines = mains.map((p) => `  ${p.importPath} (${labelOf(p.dir)})`);
  return [
    "Unable to choose the package to build: the workspace's modules hold several main packages:",
    ...lines,
    `Set GO_INSTALL_PACKAGE_SPEC to the one to build, e.g. cf set-env <app> GO_INSTALL_PACKAGE_SPEC ${mains[0]?.importPath ?? ''}`,
  ].join('\n');
}

/**
 * The packages to install from a workspace: GO_INSTALL_PACKAGE_SPEC; else the root's own main package (CF's `.`
 * default, when the root is a module go.work uses); else the one main package in the workspace's modules.
 * The binary is named from the first package's import path, as `go install` names it (`./app` whose module is
 * example.com/greeter installs `greeter`).
 */
export async function workspaceTarget(go: GoRun, env: Env, workspace: GoWorkspace): Promise<WorkspaceTarget> {
  const labelOf = (dir: string): string => {
    const rel = relative(go.cwd, dir);
    return rel === '' ? '.' : `./${rel.split(sep).join('/')}`;
  };
  const spec = installPackages(env);
  if (!spec.isDefault) {
    const first = spec.packages[0] as string;
    const main = (await listPackages(go, [first])).find((p) => p.name === 'main');
    const binary = binaryName(main?.importPath ?? first, main?.importPath ?? first);
    return { packages: spec.packages, binary, label: spec.packages.join(' '), chosenBy: 'GO_INSTALL_PACKAGE_SPEC' };
  }
  const patterns = workspace.modules.map((m) => (m.label === '.' ? './...' : `${m.label}/...`));
  const listed = await listPackages(go, patterns);
  const mains = [...new Map(listed.filter((p) => p.name === 'main').map((p) => [p.importPath, p])).values()].sort((a, b) =>
    a.importPath.localeCompare(b.importPath),
  );
  const root = mains.find((p) => p.dir === go.cwd);
  if (root) return { packages: ['.'], binary: binaryName(root.importPath, root.importPath), label: root.importPath, chosenBy: 'default' };
  if (mains.length === 1) {
    const only = mains[0] as ListedPackage;
    return { packages: [only.importPath], binary: binaryName(only.importPath, only.importPath), label: only.importPath, chosenBy: 'only main package' };
  }
  if (mains.length === 0) {
    throw new BuildpackError(
      `Unable to choose the package to build: no main package in the workspace's modules (${workspace.modules.map((m) => m.label).join(' ')}). Set GO_INSTALL_PACKAGE_SPEC to the package to build`,
      { exitCode: EXIT.finalize },
    );
  }
  throw new BuildpackError(severalMains(mains, labelOf), { exitCode: EXIT.finalize });
}
