import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseGoMod } from '@bpkit/app-files';
import { BuildpackError, readOptionalFile, rethrowAs } from '@bpkit/buildpack';
import { exists } from '@bpkit/fs';
import { EXIT } from './exit-codes.ts';
import type { GoDirectives } from './go-version.ts';
import type { GoWorkspace } from './go-workspace.ts';

/** go-buildpack's names, kept because they are written to config.yml for finalize (and read by tooling). */
export type VendorTool = 'gomod' | 'godep' | 'glide' | 'dep' | 'go_nativevendoring';

/** The fields of Godeps/Godeps.json the buildpack uses. */
export interface Godeps {
  ImportPath: string;
  GoVersion: string;
  Packages?: string[];
}

export interface GoApp {
  tool: VendorTool;
  goMod?: GoDirectives;
  godeps?: Godeps;
  /** The app builds in workspace mode (findWorkspace): a module app, `gomod` to config.yml. */
  workspace?: GoWorkspace;
}

// go-buildpack's warnings.GodirError, word for word.
export const GODIR_ERROR =
  'Deprecated, .godir file found! Please update to supported Godep or Glide dependency managers.\n' +
  'See https://github.com/tools/godep or https://github.com/Masterminds/glide for usage information.';

// go-buildpack's warnings.GBError.
export const GB_ERROR =
  'Cloud Foundry does not support the GB package manager.\n' +
  'We currently only support the Godep, Glide and dep package managers for go apps.\n' +
  'For support please file an issue: https://github.com/cloudfoundry/go-buildpack/issues';

/** gb's layout: a Go file anywhere below a directory in src/ (go-buildpack's isGoPath). */
async function isGbLayout(buildDir: string): Promise<boolean> {
  const below = await readdir(join(buildDir, 'src'), { recursive: true }).catch(() => [] as string[]);
  return below.some((path) => path.includes('/') && path.endsWith('.go'));
}

/**
 * go-buildpack's SelectVendorTool: .godir is an error, then go.mod, gb (an error), Godeps.json, glide, dep, native
 * vendoring. A workspace go will use is a module app too, with or without a go.mod at its root.
 */
export async function selectVendorTool(buildDir: string, workspace?: GoWorkspace): Promise<GoApp> {
  if (await exists(join(buildDir, '.godir'))) throw new BuildpackError(GODIR_ERROR, { exitCode: EXIT.supply });
  const goModText = await readOptionalFile(join(buildDir, 'go.mod'));
  if (workspace) return { tool: 'gomod', workspace, ...(goModText !== undefined ? { goMod: parseGoMod(goModText) } : {}) };
  if (goModText !== undefined) return { tool: 'gomod', goMod: parseGoMod(goModText) };

  if (await isGbLayout(buildDir)) throw new BuildpackError(GB_ERROR, { exitCode: EXIT.supply });

  const godepsText = await readOptionalFile(join(buildDir, 'Godeps', 'Godeps.json'));
  if (godepsText !== undefined) {
    return { tool: 'godep', godeps: await rethrowAs('Bad Godeps/Godeps.json file', EXIT.supply, () => JSON.parse(godepsText) as Godeps) };
  }
  if (await exists(join(buildDir, 'glide.yaml'))) return { tool: 'glide' };
  if (await exists(join(buildDir, 'Gopkg.toml'))) return { tool: 'dep' };
  return { tool: 'go_nativevendoring' };
}
