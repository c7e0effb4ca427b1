import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildpackError } from '@bpkit/buildpack';
import { type GoMod, parseGoMod } from './go-mod.ts';

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
  goMod?: GoMod;
  godeps?: Godeps;
  /** vendor/ exists and holds at least one directory. */
  vendored: boolean;
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

const SUPPLY_EXIT = 16;

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

async function hasSubdirectory(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir, { withFileTypes: true })).some((e) => e.isDirectory());
  } catch {
    return false;
  }
}

/** gb's layout: a Go file anywhere below a directory in src/ (go-buildpack's isGoPath). */
async function isGbLayout(buildDir: string): Promise<boolean> {
  const src = join(buildDir, 'src');
  let entries;
  try {
    entries = await readdir(src, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const files = await readdir(join(src, e.name), { recursive: true }).catch(() => [] as string[]);
    if (files.some((f) => f.endsWith('.go'))) return true;
  }
  return false;
}

/** go-buildpack's SelectVendorTool: .godir is an error, then go.mod, gb (an error), Godeps.json, glide, dep, native vendoring. */
export async function selectVendorTool(buildDir: string): Promise<GoApp> {
  if (await exists(join(buildDir, '.godir'))) throw new BuildpackError(GODIR_ERROR, { exitCode: SUPPLY_EXIT });
  const vendored = await hasSubdirectory(join(buildDir, 'vendor'));
  const goModText = await readFile(join(buildDir, 'go.mod'), 'utf8').catch(() => undefined);
  if (goModText !== undefined) return { tool: 'gomod', goMod: parseGoMod(goModText), vendored };

  if (await isGbLayout(buildDir)) throw new BuildpackError(GB_ERROR, { exitCode: SUPPLY_EXIT });

  const godepsPath = join(buildDir, 'Godeps', 'Godeps.json');
  const godepsText = await readFile(godepsPath, 'utf8').catch(() => undefined);
  if (godepsText !== undefined) {
    let godeps: Godeps;
    try {
      godeps = JSON.parse(godepsText) as Godeps;
    } catch (err) {
      throw new BuildpackError(`Bad Godeps/Godeps.json file: ${(err as Error).message}`, { exitCode: SUPPLY_EXIT });
    }
    return { tool: 'godep', godeps, vendored };
  }
  if (await exists(join(buildDir, 'glide.yaml'))) return { tool: 'glide', vendored };
  if (await exists(join(buildDir, 'Gopkg.toml'))) return { tool: 'dep', vendored };
  return { tool: 'go_nativevendoring', vendored };
}
