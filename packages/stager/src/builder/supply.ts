// Skip-detect supply phase (runner.go runSupplyBuildpacks): every non-final buildpack must have a
// `bin/supply` (checked before anything runs, else 225), then each runs as
// `supply <build> <cache>/<xxhash(key)> <depsDir> <idx>` with its output streamed.

import { join } from 'node:path';
import { locateBuildpack, type BuildpackDirs } from '../buildpack-bits/buildpack-dir.ts';
import { runScript, type ScriptIo } from '../buildpack-scripts/run-script.ts';
import type { BuilderConfig } from './builder-config.ts';
import { fileExists } from './file-exists.ts';
import { errorText, LifecycleError, NO_SUPPLY_SCRIPT_FAIL_MSG, SUPPLY_FAIL_MSG } from './lifecycle-error.ts';
import { type SupplyWatch, watchSupply } from './supply-watch.ts';

export async function validateSupplyBuildpacks(config: BuilderConfig, dirs: BuildpackDirs, io: ScriptIo): Promise<void> {
  for (const key of config.supply) {
    let dir: string;
    try {
      dir = await locateBuildpack(key, dirs);
    } catch (error) {
      io.stderr.write(`${errorText(error)}\n`);
      throw new LifecycleError(SUPPLY_FAIL_MSG, error);
    }
    let has: boolean;
    try {
      has = await fileExists(join(dir, 'bin', 'supply'));
    } catch (error) {
      throw new LifecycleError(SUPPLY_FAIL_MSG, error);
    }
    if (!has) throw new LifecycleError(NO_SUPPLY_SCRIPT_FAIL_MSG);
  }
}

/** Runs the supply buildpacks; returns the final buildpack's key and directory. */
export async function runSupplyBuildpacks(
  config: BuilderConfig,
  paths: { buildDir: string; depsDir: string },
  dirs: BuildpackDirs,
  io: ScriptIo,
  supplyWatch: SupplyWatch = 'off',
): Promise<{ key: string; dir: string }> {
  await validateSupplyBuildpacks(config, dirs, io);
  for (const [i, key] of config.supply.entries()) {
    let dir: string;
    try {
      dir = await locateBuildpack(key, dirs);
    } catch (error) {
      io.stderr.write(`${errorText(error)}\n`);
      throw new LifecycleError(SUPPLY_FAIL_MSG, error);
    }
    const scope = {
      buildDir: paths.buildDir,
      depsDir: paths.depsDir,
      depsIdx: config.depsIndex(i),
      cacheRoot: config.cacheRoot(),
      ownCacheDir: config.supplyCachePath(key),
    };
    try {
      await watchSupply(supplyWatch, scope, io, () =>
        runScript(join(dir, 'bin', 'supply'), [paths.buildDir, scope.ownCacheDir, paths.depsDir, scope.depsIdx], io),
      );
    } catch (error) {
      throw error instanceof LifecycleError ? error : new LifecycleError(SUPPLY_FAIL_MSG, error);
    }
  }
  const finalKey = config.order[config.supply.length] as string;
  try {
    return { key: finalKey, dir: await locateBuildpack(finalKey, dirs) };
  } catch (error) {
    throw new LifecycleError(SUPPLY_FAIL_MSG, error);
  }
}
