import { basename, join, resolve } from 'node:path';
import { exists } from '@bpkit/fs';
import { PackagerError } from './packager-error.ts';

/** Where a buildpack's sources and its CF-layout directory (bin/, manifest.yml) are. */
export interface LocatedBuildpack {
  /** Display name: the workspace name or the directory's basename. */
  name: string;
  /** The buildpack package (package.json, manifest.yml, VERSION, src/); zips go here by default. */
  packageDir: string;
  /** What gets zipped: `<packageDir>/build` for a bpkit package, else the directory itself. */
  buildDir: string;
}

function looksLikePath(spec: string): boolean {
  return spec.includes('/') || spec.startsWith('.') || spec === '~';
}

/**
 * Resolves `bpkit package BUILDPACK`: a workspace buildpack name (`binary`, also `binary_buildpack`
 * or `binary-buildpack`) under `workspaceDir`, or a path. A bpkit package must be built (`build/bin`);
 * a plain CF-layout directory (bin/ and manifest.yml, e.g. a git checkout) is zipped as it is.
 */
export async function locateBuildpack(spec: string, workspaceDir?: string): Promise<LocatedBuildpack> {
  let dir: string | undefined;
  if (!looksLikePath(spec) && workspaceDir) {
    const name = spec.replace(/[-_]buildpack$/, '');
    if (await exists(join(workspaceDir, name, 'package.json'))) dir = join(workspaceDir, name);
  }
  if (!dir) {
    if (!(await exists(spec))) {
      const where = workspaceDir ? ` (workspace buildpacks are under ${workspaceDir})` : '';
      throw new PackagerError(`Buildpack ${spec} not found: give a workspace buildpack name or a buildpack directory${where}`);
    }
    dir = resolve(spec);
  }
  const name = basename(dir);
  if (await exists(join(dir, 'build', 'bin'))) return { name, packageDir: dir, buildDir: join(dir, 'build') };
  if (await exists(join(dir, 'package.json'))) {
    throw new PackagerError(`Buildpack ${name} is not built (${join(dir, 'build', 'bin')} is missing): run \`pnpm build\` first`);
  }
  if ((await exists(join(dir, 'bin'))) && (await exists(join(dir, 'manifest.yml')))) return { name, packageDir: dir, buildDir: dir };
  throw new PackagerError(`${dir} is not a buildpack: it has no build/bin, nor bin/ and manifest.yml`);
}
