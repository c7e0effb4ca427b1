import { readdir } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { BuildpackError, type Env } from '@bpkit/buildpack';
import { exists, isDirectory } from '@bpkit/fs';
import { buildDependencies } from './build-dependencies.ts';
import buildpack from './buildpack.ts';
import { EXIT } from './exit-codes.ts';
import { NodeModulesCache, cacheSignature } from './node-modules-cache.ts';
import { readProject } from './project.ts';
import { PROJECT_PATH_ENV } from './project-path.ts';
import { pruneWorkspace } from './prune-workspace.ts';
import { webCommand } from './start-command.ts';
import { workspaceClosure } from './workspace-closure.ts';

export { OPTIMIZE_MEMORY_WEB } from './start-command.ts';

/**
 * nodejs-buildpack's finalize (as CF's finalize.go does it): restore the node_modules cache, run
 * heroku-prebuild, the package manager, build and heroku-postbuild, save the cache; warn when nothing says
 * how to start the app; choose the release's web command (bin/release prints it, else `npm start`). A workspace
 * member is installed at its workspace root with only its closure, and the rest of the monorepo is pruned.
 */
export default buildpack.finalize(async (ctx) => {
  const { buildDir, log } = ctx;
  const { NodeVersion: nodeVersion, PackageManager: tool, InstallPlan: plan, ProjectPath: projectPath } = ctx.supplied;
  if (!nodeVersion || !tool || !plan) {
    throw new BuildpackError('Unable to build dependencies: supply did not install Node.js (deps config.yml has no NodeVersion)', { exitCode: EXIT.buildDependencies });
  }
  // The path supply validated and installed for, so both phases stage the same directory.
  const project = await readProject(buildDir, { ...ctx.env, [PROJECT_PATH_ENV]: projectPath ?? '.' });
  const { pkg, installDir, appDir, workspace } = project;
  const vendored = await isDirectory(join(installDir, 'node_modules'));
  if (vendored && !(await hasSubdirs(join(installDir, 'node_modules')))) {
    log.protip("It is recommended to vendor the application's Node.js dependencies", 'http://docs.cloudfoundry.org/buildpacks/node/index.html#vendoring');
  }
  // npm must not look for its own updates on the registry while staging.
  const env: Env = { ...ctx.env, NPM_CONFIG_UPDATE_NOTIFIER: 'false' };
  const lockfile = 'lockfile' in plan ? plan.lockfile : undefined;
  const signature = await cacheSignature({ buildDir: installDir, nodeVersion, tool, stack: ctx.stack, env, lockfile, projectPath: project.path });
  const cache = new NodeModulesCache(ctx.cacheDir, installDir, log);
  const cacheEnabled = env['NODE_MODULES_CACHE'] !== 'false';
  const restored = await cache.restore(signature, { enabled: cacheEnabled, vendored, hasLockfile: lockfile !== undefined });
  // A member's tree is more than the root's node_modules (members keep their own): the install always runs.
  const upToDate = restored === 'unchanged' && !workspace;
  const times = await buildDependencies(ctx, { plan, tool, pkg, env, cacheDir: cache.dir, upToDate, installDir, appDir, workspace });
  log.debug(`package manager install: ${Math.round(times.installMs)} ms; scripts: ${Math.round(times.scriptsMs)} ms`);

  if (workspace) {
    const includeDev = env['NPM_CONFIG_PRODUCTION'] !== 'true';
    const closure = workspaceClosure(workspace.member, workspace.packages, { includeDev });
    const hoisted = plan.manager !== 'pnpm' && !(await exists(join(installDir, '.pnp.cjs')));
    log.beginStep(`Pruning workspace to ${workspace.member.path} and what it needs`);
    const pruned = await pruneWorkspace(installDir, workspace, closure, { hoisted, includeDev });
    log.info(`Kept: ${closure.map((p) => p.path).join(', ')}`);
    log.info(pruned.removedPackages.length ? `Removed: ${pruned.removedPackages.join(', ')}` : 'Removed: no other workspace packages');
    if (pruned.removedModules.length) log.info(`Removed ${pruned.removedModules.length} node_modules entries only other members need`);
    for (const p of pruned.keptNested) log.warning(`Kept ${p}: its directory holds or sits inside a member ${workspace.member.path} needs`);
  }
  if (!vendored) await cache.save(signature, { enabled: cacheEnabled });

  const [procfile, serverJs] = await Promise.all([exists(join(buildDir, 'Procfile')), exists(join(appDir, 'server.js'))]);
  if (!procfile && !serverJs && pkg.scripts['start'] === undefined) {
    log.warning('This app may not specify any way to start a node process\nSee: https://docs.cloudfoundry.org/buildpacks/node/node-tips.html#start');
  }
  const pnp = await exists(join(installDir, '.pnp.cjs'));
  const pnpFile = pnp ? posix.join(relative(buildDir, installDir).split(sep).join('/') || '.', '.pnp.cjs') : undefined;
  return { processes: { web: webCommand(project.path, { optimizeMemory: ctx.env['OPTIMIZE_MEMORY'] === 'true', pnpFile }) } };
});

async function hasSubdirs(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.some((e) => e.isDirectory());
}
