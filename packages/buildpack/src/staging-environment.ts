import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Env } from './context.ts';
import { existingDepsDirs } from './existing-deps-dirs.ts';

// libbuildpack's stagingEnvVarDirs, in a fixed order.
const STAGING_DIRS: ReadonlyArray<readonly [string, string]> = [
  ['PATH', 'bin'],
  ['LD_LIBRARY_PATH', 'lib'],
  ['LIBRARY_PATH', 'lib'],
  ['CPATH', 'include'],
  ['PKG_CONFIG_PATH', 'pkgconfig'],
];

/**
 * libbuildpack's SetStagingEnvironment, as a pure function: earlier buildpacks' bin/lib/include/pkgconfig
 * dirs are prepended (highest idx first), then every regular file in <deps>/<idx>/env/ is exported
 * with its raw contents. Returns the whole new environment.
 */
export async function stagingEnvironment(depsDir: string, env: Env): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;

  for (const [variable, sub] of STAGING_DIRS) {
    const dirs = (await existingDepsDirs(depsDir, sub)).map((d) => d.path);
    if (dirs.length === 0) continue;
    const old = out[variable];
    if (old) dirs.push(old);
    out[variable] = dirs.join(':');
  }

  // Same order as libbuildpack (highest idx first), so on a clash the lowest idx wins.
  for (const { path } of await existingDepsDirs(depsDir, 'env')) {
    const files = await readdir(path, { withFileTypes: true });
    for (const file of files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (!file.isFile()) continue;
      out[file.name] = await readFile(join(path, file.name), 'utf8');
    }
  }
  return out;
}
