import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildpackError, type FinalizeFn } from '@bpkit/buildpack';
import { buildDependencies } from './build-dependencies.ts';
import { NodeModulesCache, cacheSignature } from './node-modules-cache.ts';
import { readPackageJson } from './package-json.ts';
import type { PackageManagerTool } from './package-manager-tool.ts';
import { choosePackageManager } from './package-manager.ts';
import { readAppFiles } from './project-layout.ts';

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

/** CF's bin/release with OPTIMIZE_MEMORY=true: V8's old space at 75% of the instance's memory limit. */
export const OPTIMIZE_MEMORY_WEB = 'NODE_OPTIONS="--max_old_space_size=$(( $MEMORY_AVAILABLE * 75 / 100 ))" npm start';

interface SupplyConfig {
  NodeVersion?: string;
  PackageManager?: PackageManagerTool;
}

/** What supply left in deps/<idx>/config.yml (CF's supply → finalize handoff). */
async function supplyConfig(depDir: string): Promise<SupplyConfig> {
  const text = await readFile(join(depDir, 'config.yml'), 'utf8').catch(() => '');
  const { load } = await import('js-yaml');
  const doc = (load(text) ?? {}) as { config?: SupplyConfig };
  return doc.config ?? {};
}

/**
 * nodejs-buildpack's finalize (as CF's finalize.go does it): restore the node_modules cache, run
 * heroku-prebuild, the package manager, build and heroku-postbuild, save the cache; warn when nothing says
 * how to start the app; choose the release's web command (bin/release prints it, else `npm start`).
 */
const finalize: FinalizeFn = async (ctx) => {
  const { buildDir, log } = ctx;
  const pkg = await readPackageJson(buildDir);
  const app = await readAppFiles(buildDir, pkg.packageManager);
  const { NodeVersion: nodeVersion, PackageManager: tool } = await supplyConfig(ctx.depDir);
  if (!nodeVersion || !tool) throw new BuildpackError('Unable to build dependencies: supply did not install Node.js (deps config.yml has no NodeVersion)', { exitCode: 14 });

  const plan = choosePackageManager(app.layout);
  const vendored = app.layout.vendoredNodeModules;
  if (vendored && !(await hasSubdirs(join(buildDir, 'node_modules')))) {
    log.protip("It is recommended to vendor the application's Node.js dependencies", 'http://docs.cloudfoundry.org/buildpacks/node/index.html#vendoring');
  }
  // npm must not look for its own updates on the registry while staging.
  const env: Record<string, string | undefined> = { ...process.env, NPM_CONFIG_UPDATE_NOTIFIER: 'false' };
  const lockfileName = 'lockfile' in plan ? plan.lockfile : undefined;
  const signature = cacheSignature({
    nodeVersion,
    packageManager: `${tool.name} ${tool.version ?? 'unknown'} (${tool.via})`,
    stack: ctx.stack,
    env,
    lockfile: lockfileName ? { name: lockfileName, content: await readFile(join(buildDir, lockfileName)) } : undefined,
    packageJson: await readFile(join(buildDir, 'package.json')).catch(() => Buffer.alloc(0)),
  });
  const cache = new NodeModulesCache(ctx.cacheDir, buildDir, log);
  const cacheEnabled = env['NODE_MODULES_CACHE'] !== 'false';
  const restored = await cache.restore(signature, { enabled: cacheEnabled, vendored, hasLockfile: lockfileName !== undefined });
  const times = await buildDependencies(ctx, { plan, tool, pkg, env, cacheDir: cache.dir, upToDate: restored === 'unchanged' });
  log.debug(`package manager install: ${Math.round(times.installMs)} ms; scripts: ${Math.round(times.scriptsMs)} ms`);
  if (!vendored) await cache.save(signature, { enabled: cacheEnabled });

  const [procfile, serverJs] = await Promise.all([exists(join(buildDir, 'Procfile')), exists(join(buildDir, 'server.js'))]);
  if (!procfile && !serverJs && pkg.scripts['start'] === undefined) {
    log.warning('This app may not specify any way to start a node process\nSee: https://docs.cloudfoundry.org/buildpacks/node/node-tips.html#start');
  }
  return { processes: { web: ctx.env['OPTIMIZE_MEMORY'] === 'true' ? OPTIMIZE_MEMORY_WEB : 'npm start' } };
};

export default finalize;

async function hasSubdirs(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.some((e) => e.isDirectory());
}
