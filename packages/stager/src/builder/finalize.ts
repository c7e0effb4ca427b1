// The final buildpack (runner.go runFinalize), cache `<cache>/final`: with `bin/finalize` it runs
// `supply` (if present) then `finalize <build> <cache> <deps> <idx> <profileDir>`; without it, CF warns
// (only when supply buildpacks ran), deletes deps/<idx> and runs `compile <build> <cache>` (2 args).

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runScript, type ScriptIo } from '../buildpack-scripts/run-script.ts';
import { pathErrorText } from '../go-compat/go-errors.ts';
import type { BuilderConfig } from './builder-config.ts';
import { fileExists } from './file-exists.ts';
import {
  COMPILE_FAIL_MSG,
  FINALIZE_FAIL_MSG,
  LifecycleError,
  MISSING_FINALIZE_WARN_MSG,
  SUPPLY_FAIL_MSG,
} from './lifecycle-error.ts';
import { type SupplyWatch, watchSupply } from './supply-watch.ts';

export interface FinalizePaths {
  buildDir: string;
  depsDir: string;
  profileDir: string;
}

export async function runFinalize(
  config: BuilderConfig,
  buildpackDir: string,
  paths: FinalizePaths,
  io: ScriptIo,
  supplyWatch: SupplyWatch = 'off',
): Promise<void> {
  const depsIdx = config.depsIndex(config.supply.length);
  const cacheDir = config.finalCachePath();
  const bin = (name: string): string => join(buildpackDir, 'bin', name);
  let hasFinalize: boolean;
  try {
    hasFinalize = await fileExists(bin('finalize'));
  } catch (error) {
    throw new LifecycleError(FINALIZE_FAIL_MSG, error);
  }
  if (hasFinalize) {
    let hasSupply: boolean;
    try {
      hasSupply = await fileExists(bin('supply'));
    } catch (error) {
      throw new LifecycleError(SUPPLY_FAIL_MSG, error);
    }
    if (hasSupply) {
      const scope = { buildDir: paths.buildDir, depsDir: paths.depsDir, depsIdx, cacheRoot: config.cacheRoot(), ownCacheDir: cacheDir };
      try {
        await watchSupply(supplyWatch, scope, io, () => runScript(bin('supply'), [paths.buildDir, cacheDir, paths.depsDir, depsIdx], io));
      } catch (error) {
        throw error instanceof LifecycleError ? error : new LifecycleError(SUPPLY_FAIL_MSG, error);
      }
    }
    try {
      await runScript(bin('finalize'), [paths.buildDir, cacheDir, paths.depsDir, depsIdx, paths.profileDir], io);
    } catch (error) {
      throw new LifecycleError(FINALIZE_FAIL_MSG, error);
    }
    return;
  }
  if (config.supply.length > 0) io.stderr.write(`${MISSING_FINALIZE_WARN_MSG}\n`);
  const unused = join(paths.depsDir, depsIdx);
  try {
    await rm(unused, { recursive: true, force: true });
  } catch (error) {
    throw new LifecycleError(COMPILE_FAIL_MSG, pathErrorText('unlinkat', unused, error));
  }
  try {
    await runScript(bin('compile'), [paths.buildDir, cacheDir], io);
  } catch (error) {
    throw new LifecycleError(COMPILE_FAIL_MSG, error);
  }
}
