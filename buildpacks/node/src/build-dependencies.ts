import { join } from 'node:path';
import { type Env, type FinalizeContext, rethrowAs, runIndented } from '@bpkit/buildpack';
import { exists } from '@bpkit/fs';
import { EXIT } from './exit-codes.ts';
import type { PackageJson } from './package-json.ts';
import type { PackageManagerTool } from './package-manager-tool.ts';
import type { InstallPlan } from './package-manager.ts';
import type { Workspace } from './workspace.ts';
import { narrowInstall } from './workspace-install.ts';

export interface BuildOptions {
  plan: InstallPlan;
  tool: PackageManagerTool;
  pkg: PackageJson;
  env: Env;
  /** `<cache>/node`, home of the package managers' own caches. */
  cacheDir: string;
  /** True when a restored node_modules already matches the lockfile: skip the install itself. */
  upToDate: boolean;
  /** Where the package manager installs (the workspace root for a member) and where the app's scripts run. */
  installDir: string;
  appDir: string;
  /** Set when the app is a workspace member: the install is narrowed to it. */
  workspace?: Workspace | undefined;
}

export interface BuildTimes {
  /** Milliseconds spent in the package manager's install command (0 when skipped). */
  installMs: number;
  /** Milliseconds spent in the app's build scripts. */
  scriptsMs: number;
}

/** The package manager's install command for the plan, with its cache pointed into the cache dir. */
export async function installArgs(plan: InstallPlan, buildDir: string, cacheDir: string, env: Env): Promise<{ args: string[]; label: string; env: Record<string, string> }> {
  // No audit, fund or update-notifier round trips: staging may have no registry, and none of them installs anything.
  const npmCommon = ['--userconfig', join(buildDir, '.npmrc'), '--cache', join(cacheDir, '.npm'), '--no-audit', '--no-fund', '--no-update-notifier'];
  switch (plan.manager) {
    case 'npm':
      if (plan.command === 'ci') return { args: ['ci', '--prefer-offline', ...npmCommon], label: `${plan.lockfile}`, env: {} };
      if (plan.command === 'install') return { args: ['install', ...npmCommon], label: 'package.json', env: {} };
      return { args: ['rebuild', `--nodedir=${env['NODE_HOME'] ?? ''}`, ...npmCommon], label: 'node_modules', env: {} };
    case 'yarn':
      if (plan.flavor === 'classic') {
        const args = ['install', '--pure-lockfile', '--ignore-engines', '--cache-folder', join(cacheDir, '.cache', 'yarn'), '--check-files'];
        if (await exists(join(buildDir, 'npm-packages-offline-cache'))) args.push('--offline');
        return { args, label: 'yarn.lock', env: { npm_config_nodedir: env['NODE_HOME'] ?? '' } };
      }
      return {
        args: ['install', '--immutable'],
        label: 'yarn.lock',
        env: { YARN_GLOBAL_FOLDER: join(cacheDir, 'yarn-berry'), YARN_ENABLE_TELEMETRY: '0', npm_config_nodedir: env['NODE_HOME'] ?? '' },
      };
    case 'pnpm': {
      const vendoredStore = join(buildDir, '.pnpm-store');
      const offline = await exists(vendoredStore);
      const args = ['install', '--frozen-lockfile', '--store-dir', offline ? vendoredStore : join(cacheDir, '.pnpm-store')];
      if (offline) args.push('--offline');
      if (env['NPM_CONFIG_PRODUCTION'] === 'true') args.push('--prod');
      return { args, label: 'pnpm-lock.yaml', env: {} };
    }
  }
}

/**
 * CF's BuildDependencies: `heroku-prebuild`, the install, then `build` (when present) and `heroku-postbuild`,
 * each through the app's package manager. Output is indented into the staging log.
 */
export async function buildDependencies(ctx: FinalizeContext, options: BuildOptions): Promise<BuildTimes> {
  const { plan, tool, pkg } = options;
  const env = { ...options.env, ...tool.env };
  const times: BuildTimes = { installMs: 0, scriptsMs: 0 };
  ctx.log.beginStep('Building dependencies');

  const run = async (args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<number> => {
    const started = performance.now();
    const command = () => runIndented(ctx.log, tool.file, [...tool.prefixArgs, ...args], { cwd, env: { ...env, ...extraEnv } });
    await rethrowAs('Unable to build dependencies', EXIT.buildDependencies, command);
    return performance.now() - started;
  };
  const script = async (name: string): Promise<void> => {
    if (pkg.scripts[name] === undefined) return;
    ctx.log.info(`Running ${name} (${tool.name})`);
    times.scriptsMs += await run(['run', name], options.appDir);
  };

  await script('heroku-prebuild');
  if (options.upToDate) {
    ctx.log.info(`Skipping install: node_modules restored from cache matches ${'lockfile' in plan ? plan.lockfile : 'package.json'}`);
  } else {
    const install = await installArgs(plan, options.installDir, options.cacheDir, env);
    const { label, env: installEnv } = install;
    const args = options.workspace ? narrowInstall(plan, install.args, options.workspace, env['NPM_CONFIG_PRODUCTION'] === 'true') : install.args;
    if (plan.manager === 'npm' && plan.command === 'rebuild') {
      ctx.log.info('Prebuild detected (node_modules already exists)');
      ctx.log.info('Rebuilding any native modules');
    } else {
      ctx.log.info(`Installing node modules (${label}${options.workspace ? `, workspace member ${options.workspace.member.path}` : ''})`);
    }
    ctx.log.debug(`${tool.name} ${args.join(' ')}`);
    times.installMs = await run(args, options.installDir, installEnv);
  }
  await script('build');
  await script('heroku-postbuild');
  return times;
}
