import { join } from 'node:path';
import { BuildpackError } from '@bpkit/buildpack';
import buildpack from './buildpack.ts';
import { EXIT } from './exit-codes.ts';
import { installNode } from './install-node.ts';
import { chooseNodeVersion } from './node-version.ts';
import { choosePackageManager } from './package-manager.ts';
import { providePackageManager } from './package-manager-tool.ts';
import { readProject } from './project.ts';
import { readAppFiles } from './project-layout.ts';
import { PROJECT_PATH_ENV } from './project-path.ts';
import { runtimeEnvironment } from './runtime-environment.ts';

/**
 * nodejs-buildpack's supply: choose and install Node (with npm) and the package manager the lockfile names,
 * and contribute the runtime environment. Everything lands in deps/<idx>, so this also serves as a non-final
 * buildpack; the app's dependencies are built by finalize, which may change the app directory.
 */
export default buildpack.supply(async (ctx) => {
  const { buildDir, log } = ctx;
  log.beginStep('Installing binaries');
  const project = await readProject(buildDir, ctx.env);
  const { pkg, workspace } = project;
  if (workspace) {
    // A large monorepo's member list would bury the log: the first few say enough to spot a wrong glob.
    const names = workspace.packages.slice(0, 10).map((p) => p.path);
    const more = workspace.packages.length > names.length ? ` and ${workspace.packages.length - names.length} more` : '';
    log.info(`${PROJECT_PATH_ENV}=${project.path}: member ${workspace.member.path} of the workspace at ${workspace.root} (${workspace.config.source}: ${names.join(', ')}${more})`);
  } else if (project.path !== '.') {
    log.info(`${PROJECT_PATH_ENV}=${project.path}: the app in that directory`);
  }
  if (pkg.engines.iojs) throw new BuildpackError('Unable to install node: io.js not supported by this buildpack', { exitCode: EXIT.installNode });
  log.info(`engines.node (package.json): ${pkg.engines.node ?? 'unspecified'}`);
  log.info(`engines.npm (package.json): ${pkg.engines.npm ?? 'unspecified (use default)'}`);
  const app = await readAppFiles(project.installDir, pkg.packageManager);
  // A member's own .nvmrc or .node-version speaks for it before the workspace root's.
  if (project.appDir !== project.installDir) {
    const own = await readAppFiles(project.appDir, pkg.packageManager);
    app.nvmrc = own.nvmrc ?? app.nvmrc;
    app.nodeVersion = own.nodeVersion ?? app.nodeVersion;
  }

  const deps = await ctx.dependencies();
  const choice = await chooseNodeVersion(deps, { engines: pkg.engines.node, nvmrc: app.nvmrc, nodeVersion: app.nodeVersion });
  for (const w of choice.warnings) log.warning(w);

  const node = await installNode(deps, choice.node, join(ctx.depDir, 'node'));
  const plan = choosePackageManager(app.layout);
  for (const w of plan.warnings) log.warning(w);
  const packageManager = await providePackageManager(ctx, deps, plan, pkg, node);

  log.beginStep('Creating runtime environment');
  const { env, profileD } = runtimeEnvironment(ctx, Number(choice.node.version.split('.')[0]));
  return {
    env,
    profileD,
    // The package manager's commands after Node's own, so its yarn or pnpm wins over anything Node ships.
    binDirs: [join(node.home, 'bin'), ...(packageManager.binDir ? [packageManager.binDir] : [])],
    ...(packageManager.bin ? { bin: packageManager.bin } : {}),
    config: {
      NodeVersion: choice.node.version,
      NodeVersionSource: choice.source,
      PackageManager: packageManager.tool,
      InstallPlan: plan,
      ProjectPath: project.path,
    },
  };
});
