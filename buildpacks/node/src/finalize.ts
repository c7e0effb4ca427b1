import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildpackError, type Env } from '@bpkit/buildpack';
import { exists, isDirectory } from '@bpkit/fs';
import { buildDependencies } from './build-dependencies.ts';
import buildpack from './buildpack.ts';
import { EXIT } from './exit-codes.ts';
import { NodeModulesCache, cacheSignature } from './node-modules-cache.ts';
import { readPackageJson } from './package-json.ts';

/** CF's bin/release with OPTIMIZE_MEMORY=true: V8's old space at 75% of the instance's memory limit. */
export const OPTIMIZE_MEMORY_WEB = 'NODE_OPTIONS="--max_old_space_size=$(( $MEMORY_AVAILABLE * 75 / 100 ))" npm start';

/**
 * nodejs-buildpack's finalize (as CF's finalize.go does it): restore the node_modules cache, run
 * heroku-prebuild, the package manager, build and heroku-postbuild, save the cache; warn when nothing says
 * how to start the app; choose the release's web command (bin/release prints it, else `npm start`).
 */
export default buildpack.finalize(async (ctx) => {
  const { buildDir, log } = ctx;
  const { NodeVersion: nodeVersion, PackageManager: tool, InstallPlan: plan } = ctx.supplied;
  if (!nodeVersion || !tool || !plan) {
    throw new BuildpackError('Unable to build dependencies: supply did not install Node.js (deps config.yml has no NodeVersion)', { exitCode: EXIT.buildDependencies });
  }
  const pkg = await readPackageJson(buildDir);
  const vendored = await isDirectory(join(buildDir, 'node_modules'));
  if (vendored && !(await hasSubdirs(join(buildDir, 'node_modules')))) {
    log.protip("It is recommended to vendor the application's Node.js dependencies", 'http://docs.cloudfoundry.org/buildpacks/node/index.html#vendoring');
  }
  // npm must not look for its own updates on the registry while staging.
  const env: Env = { ...ctx.env, NPM_CONFIG_UPDATE_NOTIFIER: 'false' };
  const lockfile = 'lockfile' in plan ? plan.lockfile : undefined;
  const signature = await cacheSignature({ buildDir, nodeVersion, tool, stack: ctx.stack, env, lockfile });
  const cache = new NodeModulesCache(ctx.cacheDir, buildDir, log);
  const cacheEnabled = env['NODE_MODULES_CACHE'] !== 'false';
  const restored = await cache.restore(signature, { enabled: cacheEnabled, vendored, hasLockfile: lockfile !== undefined });
  const times = await buildDependencies(ctx, { plan, tool, pkg, env, cacheDir: cache.dir, upToDate: restored === 'unchanged' });
  log.debug(`package manager install: ${Math.round(times.installMs)} ms; scripts: ${Math.round(times.scriptsMs)} ms`);
  if (!vendored) await cache.save(signature, { enabled: cacheEnabled });

  const [procfile, serverJs] = await Promise.all([exists(join(buildDir, 'Procfile')), exists(join(buildDir, 'server.js'))]);
  if (!procfile && !serverJs && pkg.scripts['start'] === undefined) {
    log.warning('This app may not specify any way to start a node process\nSee: https://docs.cloudfoundry.org/buildpacks/node/node-tips.html#start');
  }
  return { processes: { web: ctx.env['OPTIMIZE_MEMORY'] === 'true' ? OPTIMIZE_MEMORY_WEB : 'npm start' } };
});

async function hasSubdirs(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.some((e) => e.isDirectory());
}
