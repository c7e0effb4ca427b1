// The Go modules an app builds with: go.mod's require directives with its replace directives applied (in a
// workspace, every used module's), the h1: hashes go.sum holds for them, and, when the app vendors, the modules
// vendor/modules.txt lists that go.mod does not (before Go 1.17 go.mod named only direct requirements).
import { join } from 'node:path';
import { type GoMod, type GoModReplace, type GoModRequire, parseGoMod, parseGoSum, parseGoWork, parseVendorModules } from '@bpkit/app-files';
import { readTextFile } from './read-text-file.ts';
import type { AppPackage } from './sbom-input.ts';

const GO_MOD = 'go.mod';
const GO_SUM = 'go.sum';
const VENDOR_MODULES = 'vendor/modules.txt';
const GO_WORK = 'go.work';
const GO_WORK_SUM = 'go.work.sum';

/** The files read at the app's root (a workspace's modules' own go.mod and go.sum as well). */
export const GO_MODULE_FILES = [GO_MOD, GO_SUM, VENDOR_MODULES, GO_WORK, GO_WORK_SUM] as const;

/**
 * The module a requirement resolves to once go.mod's replace directives apply: a version-specific replacement
 * wins over one for every version, as in Go. Undefined for a directory replacement: that code is the app's own,
 * with no module version to name.
 */
function resolveRequire(req: GoModRequire, replaces: GoModReplace[]): { path: string; version: string } | undefined {
  const replace = replaces.find((r) => r.path === req.path && r.version === req.version) ?? replaces.find((r) => r.path === req.path && !r.version);
  if (!replace) return { path: req.path, version: req.version };
  return replace.newVersion ? { path: replace.newPath, version: replace.newVersion } : undefined;
}

/**
 * The modules an app builds with: go.mod's at the root, or, in a workspace (go.work), every used module's go.mod,
 * its go.sum and go.work.sum supplying hashes. Requirements on the workspace's own modules are the app's code.
 */
export async function readGoModules(appDir: string): Promise<AppPackage[]> {
  const goWork = await readTextFile(join(appDir, GO_WORK));
  const dirs = goWork === undefined ? ['.'] : parseGoWork(goWork).use;
  const mods: Array<{ dir: string; mod: GoMod }> = [];
  const sums = new Map<string, string>(parseGoSum((await readTextFile(join(appDir, GO_WORK_SUM))) ?? ''));
  for (const dir of dirs) {
    const goMod = await readTextFile(join(appDir, dir, GO_MOD));
    if (goMod === undefined) continue;
    mods.push({ dir, mod: parseGoMod(goMod) });
    for (const [key, hash] of parseGoSum((await readTextFile(join(appDir, dir, GO_SUM))) ?? '')) sums.set(key, hash);
  }
  if (!mods.length) return [];
  const own = new Set(mods.map(({ mod }) => mod.module).filter((m) => m !== undefined));
  const packages = new Map<string, AppPackage>();
  const add = (path: string, version: string, lockfile: string) => {
    const key = `${path} ${version}`;
    if (packages.has(key) || own.has(path)) return;
    const integrity = sums.get(key);
    packages.set(key, { ecosystem: 'golang', name: path, version, lockfile, ...(integrity ? { integrity } : {}) });
  };
  for (const { dir, mod } of mods) {
    const lockfile = dir === '.' ? GO_MOD : `${dir.replace(/^\.\//, '')}/${GO_MOD}`;
    for (const req of mod.requires) {
      const resolved = resolveRequire(req, mod.replaces);
      if (resolved) add(resolved.path, resolved.version, lockfile);
    }
  }
  const vendored = await readTextFile(join(appDir, VENDOR_MODULES));
  for (const v of vendored === undefined ? [] : parseVendorModules(vendored).modules) {
    if (!v.hasPackages || !v.version) continue;
    if (!v.newPath) add(v.path, v.version, VENDOR_MODULES);
    else if (v.newVersion) add(v.newPath, v.newVersion, VENDOR_MODULES);
  }
  return [...packages.values()];
}
