import { isAbsolute, join, posix } from 'node:path';
import { BuildpackError, type Env } from '@bpkit/buildpack';
import { isFile } from '@bpkit/fs';
import { EXIT } from './exit-codes.ts';

/**
 * The app's directory inside what was pushed, named as the buildpack's other options are (NODE_MODULES_CACHE,
 * NODE_VERBOSE): Paketo's BP_NODE_PROJECT_PATH without the prefix CF's buildpacks never used.
 */
export const PROJECT_PATH_ENV = 'NODE_PROJECT_PATH';

/**
 * NODE_PROJECT_PATH as a normalized `/`-separated path relative to the app directory (`.` when unset). It must
 * stay inside what was pushed and hold a package.json: anything else is a typo the user should hear about
 * before a whole monorepo is installed as one app.
 */
export async function readProjectPath(buildDir: string, env: Env): Promise<string> {
  const raw = env[PROJECT_PATH_ENV]?.trim();
  if (!raw) return '.';
  const path = posix.normalize(raw.replace(/\\/g, '/')).replace(/\/+$/, '') || '.';
  if (isAbsolute(path) || path === '..' || path.startsWith('../')) {
    throw new BuildpackError(`${PROJECT_PATH_ENV}=${raw} is outside the pushed directory: set it relative to the app's root (e.g. packages/api)`, {
      exitCode: EXIT.packageJson,
    });
  }
  if (!(await isFile(join(buildDir, path, 'package.json')))) {
    throw new BuildpackError(`${PROJECT_PATH_ENV}=${raw}: no package.json at ${path} in the pushed directory`, { exitCode: EXIT.packageJson });
  }
  return path;
}
