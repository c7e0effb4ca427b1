import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type GoWork, parseGoMod, parseGoWork, parseVendorModules } from '@bpkit/app-files';
import { BuildpackError, type Env, readOptionalFile } from '@bpkit/buildpack';
import { isFile } from '@bpkit/fs';
import { EXIT } from './exit-codes.ts';
import type { GoDirectives } from './go-version.ts';

/** A module go.work uses. */
export interface WorkspaceModule {
  /** The `use` directory as go.work writes it (`./app`). */
  use: string;
  /** Its absolute path, inside the build dir. */
  dir: string;
  /** Its path from the app root as go patterns and logs write it (`./app`, `.`). */
  label: string;
  goMod: GoDirectives;
  /** It has vendor/modules.txt of its own, which go ignores in workspace mode. */
  vendored: boolean;
}

/** The app's root vendor/: none, one made by `go work vendor`, or one made by `go mod vendor` for the root module. */
export type WorkspaceVendor = 'none' | 'workspace' | 'module';

/** An app go builds in workspace mode: its root holds go.work and GOWORK does not turn it off. */
export interface GoWorkspace {
  goWork: GoWork;
  modules: WorkspaceModule[];
  vendor: WorkspaceVendor;
}

/** The app's root vendor/: `go work vendor` marks its modules.txt as the workspace's (parseVendorModules). */
export async function workspaceVendor(buildDir: string): Promise<WorkspaceVendor> {
  const modules = await readOptionalFile(join(buildDir, 'vendor', 'modules.txt'));
  if (modules === undefined) return 'none';
  return parseVendorModules(modules).workspace ? 'workspace' : 'module';
}

/**
 * The workspace go would use to build the app, or undefined outside workspace mode. Only the app's root
 * go.work counts: CF uploads only the pushed directory, so a go.work above it or named by a path in
 * GOWORK is not there to use.
 */
export async function findWorkspace(buildDir: string, env: Env): Promise<GoWorkspace | undefined> {
  const gowork = env.GOWORK?.trim() ?? '';
  const file = join(buildDir, 'go.work');
  const text = await readOptionalFile(file);
  if (gowork === 'off') {
    if (text !== undefined && !(await isFile(join(buildDir, 'go.mod')))) {
      throw new BuildpackError('GOWORK=off turns go.work off, and the app has no go.mod of its own: unset GOWORK, or push a module directory', {
        exitCode: EXIT.supply,
      });
    }
    return undefined;
  }
  if (gowork !== '' && gowork !== 'auto' && gowork !== file) {
    throw new BuildpackError(`GOWORK=${gowork} is not supported: the buildpack builds with the app's own go.work. Unset GOWORK, or set GOWORK=off`, {
      exitCode: EXIT.supply,
    });
  }
  if (text === undefined) return undefined;

  const goWork = parseGoWork(text);
  if (goWork.use.length === 0) throw new BuildpackError('go.work uses no module: add a `use` directive for the app\'s module', { exitCode: EXIT.supply });
  const modules: WorkspaceModule[] = [];
  for (const use of goWork.use) {
    const dir = resolve(buildDir, use);
    const inside = relative(buildDir, dir);
    if (isAbsolute(use) || inside === '..' || inside.startsWith(`..${sep}`)) {
      throw new BuildpackError(`go.work uses ${use}, outside the pushed directory: push the directory that holds go.work and every module it uses`, {
        exitCode: EXIT.supply,
      });
    }
    const goModText = await readOptionalFile(join(dir, 'go.mod'));
    if (goModText === undefined) throw new BuildpackError(`go.work uses ${use}, which has no go.mod`, { exitCode: EXIT.supply });
    const label = inside === '' ? '.' : `./${inside.split(sep).join('/')}`;
    modules.push({ use, dir, label, goMod: parseGoMod(goModText), vendored: await isFile(join(dir, 'vendor', 'modules.txt')) });
  }
  return { goWork, modules, vendor: await workspaceVendor(buildDir) };
}

