import { join } from 'node:path';
import { BuildpackError, type Dependencies, NoMatchingVersionError, type ResolvedDependency, type SupplyContext, hoistSingleDirectory, runIndented } from '@bpkit/buildpack';
import { versionSatisfies } from '@bpkit/buildpack/versions';
import { exists } from '@bpkit/fs';
import { EXIT } from './exit-codes.ts';
import { type NodeInstallation, binLinks } from './install-node.ts';
import type { PackageJson } from './package-json.ts';
import type { InstallPlan } from './package-manager.ts';

/** How to run the chosen package manager: `file ...prefixArgs <args>`. Handed to finalize in config.yml. */
export type PackageManagerTool = {
  name: 'npm' | 'yarn' | 'pnpm';
  file: string;
  prefixArgs: string[];
  version?: string;
  /** Where it came from: Node's own npm, the buildpack manifest, the app's yarnPath, or corepack. */
  via: 'node' | 'manifest' | 'yarnPath' | 'corepack';
  /** Extra environment the tool needs (corepack's home in the cache dir). */
  env: Record<string, string>;
};

export interface ProvidedPackageManager {
  tool: PackageManagerTool;
  /** deps/<idx>/bin links it needs (the manifest's yarn). */
  bin?: Record<string, string>;
}

const fail = (message: string, cause?: unknown): BuildpackError => new BuildpackError(message, { exitCode: EXIT.packageManager, cause });

/**
 * Provides the package manager the plan names. npm comes with Node (engines.npm not matching → CF's
 * `npm install -g npm@<range>`). yarn and pnpm come from the manifest (`yarn`, `pnpm` entries, as CF ships
 * yarn), else from corepack in the installed Node, with COREPACK_HOME in the cache dir so a restage does not
 * fetch them again. Yarn Berry runs through classic yarn when the app commits its release (yarnPath).
 */
export async function providePackageManager(
  ctx: SupplyContext,
  deps: Dependencies,
  plan: InstallPlan,
  pkg: PackageJson,
  node: NodeInstallation,
): Promise<ProvidedPackageManager> {
  const corepack = async (name: 'yarn' | 'pnpm'): Promise<ProvidedPackageManager | undefined> => {
    const file = join(node.home, 'bin', 'corepack');
    if (!(await exists(file))) return undefined;
    ctx.log.info(`Using ${name}${plan.pinnedVersion ? ` ${plan.pinnedVersion}` : ''} through corepack (packageManager: ${pkg.packageManager ?? 'unset'})`);
    const env = { COREPACK_HOME: join(ctx.cacheDir, 'node', 'corepack'), COREPACK_ENABLE_DOWNLOAD_PROMPT: '0', COREPACK_ENABLE_AUTO_PIN: '0' };
    return { tool: { name, file, prefixArgs: [name], via: 'corepack', env, ...(plan.pinnedVersion ? { version: plan.pinnedVersion } : {}) } };
  };

  if (plan.manager === 'npm') return { tool: await provideNpm(ctx, pkg, node) };

  if (plan.manager === 'yarn') {
    const versions = deps.versions('yarn');
    const wanted = pkg.engines.yarn;
    if (wanted && versions.length > 0 && !versions.some((v) => versionSatisfies(v, wanted))) {
      throw fail(`Unable to install yarn: package.json requested ${wanted}, buildpack only includes yarn version ${versions.join(', ')}`);
    }
    // Berry without a committed release needs corepack to fetch the version packageManager pins.
    if (plan.flavor === 'berry' && !plan.yarnPath) {
      const viaCorepack = await corepack('yarn');
      if (viaCorepack) return viaCorepack;
      throw fail(
        'Unable to install yarn: this is a Yarn 2+ (Berry) project without a yarnPath in .yarnrc.yml and this Node has no corepack.\n' +
          'Commit the Yarn release (`yarn set version stable` writes .yarn/releases and yarnPath) and push again.',
      );
    }
    if (versions.length > 0) {
      const yarn = await manifestVersion(deps, 'yarn', wanted ?? (plan.flavor === 'classic' ? plan.pinnedVersion : undefined));
      const home = join(ctx.depDir, 'yarn');
      await deps.install(yarn, home);
      await hoistSingleDirectory(home, 'bin');
      const bin = await binLinks(join(home, 'bin'));
      ctx.log.info(plan.flavor === 'berry' ? `Installed yarn ${yarn.version} (runs the app's ${plan.yarnPath})` : `Installed yarn ${yarn.version}`);
      const via = plan.flavor === 'berry' ? 'yarnPath' : 'manifest';
      return { tool: { name: 'yarn', file: bin['yarn'] ?? join(home, 'bin', 'yarn'), prefixArgs: [], version: yarn.version, via, env: {} }, bin };
    }
    const viaCorepack = await corepack('yarn');
    if (viaCorepack) return viaCorepack;
    throw fail('Unable to install yarn: yarn.lock found, but this buildpack has no yarn and this Node has no corepack');
  }

  if (deps.versions('pnpm').length > 0) {
    const pnpm = await manifestVersion(deps, 'pnpm', pkg.engines.pnpm ?? plan.pinnedVersion);
    const home = join(ctx.depDir, 'pnpm');
    await deps.install(pnpm, home);
    await hoistSingleDirectory(home);
    const script = (await exists(join(home, 'bin', 'pnpm.cjs'))) ? join(home, 'bin', 'pnpm.cjs') : join(home, 'dist', 'pnpm.cjs');
    if (!(await exists(script))) throw fail(`Unable to install pnpm: no bin/pnpm.cjs in the pnpm ${pnpm.version} dependency`);
    ctx.log.info(`Installed pnpm ${pnpm.version}`);
    return { tool: { name: 'pnpm', file: join(node.home, 'bin', 'node'), prefixArgs: [script], version: pnpm.version, via: 'manifest', env: {} } };
  }
  const viaCorepack = await corepack('pnpm');
  if (viaCorepack) return viaCorepack;
  throw fail('Unable to install pnpm: pnpm-lock.yaml found, but this buildpack has no pnpm dependency and this Node has no corepack');
}

async function provideNpm(ctx: SupplyContext, pkg: PackageJson, node: NodeInstallation): Promise<PackageManagerTool> {
  const file = join(node.home, 'bin', 'npm');
  const current = node.npmVersion;
  const wanted = pkg.engines.npm;
  if (!wanted) {
    ctx.log.info(`Using default npm version: ${current ?? 'unknown'}`);
    return { name: 'npm', file, prefixArgs: [], via: 'node', env: {}, ...(current ? { version: current } : {}) };
  }
  if (current && versionSatisfies(current, wanted)) {
    ctx.log.info(`npm ${current} already installed with node`);
    return { name: 'npm', file, prefixArgs: [], version: current, via: 'node', env: {} };
  }
  ctx.log.info(`Downloading and installing npm ${wanted} (replacing version ${current ?? 'unknown'})...`);
  // npm's own `#!/usr/bin/env node` must find the Node just installed.
  const env = { ...ctx.env, PATH: [join(node.home, 'bin'), ctx.env['PATH']].filter(Boolean).join(':') };
  try {
    await runIndented(ctx.log, file, ['install', '--quiet', '-g', `npm@${wanted}`, '--userconfig', join(ctx.buildDir, '.npmrc')], { cwd: ctx.buildDir, env });
  } catch (err) {
    throw fail(`We're unable to download the version of npm you've provided (${wanted}).\nPlease remove the npm version specification in package.json`, err);
  }
  return { name: 'npm', file, prefixArgs: [], via: 'node', env: {} };
}

/** The manifest's version matching `constraint`, else its highest (yarn classic runs any v1 lockfile). */
async function manifestVersion(deps: Dependencies, name: string, constraint: string | undefined): Promise<ResolvedDependency> {
  if (constraint) {
    try {
      return await deps.resolve(name, { constraint, source: 'package.json' });
    } catch (err) {
      if (!(err instanceof NoMatchingVersionError)) throw err;
    }
  }
  return deps.resolve(name, { constraint: '*', source: 'buildpack' });
}
