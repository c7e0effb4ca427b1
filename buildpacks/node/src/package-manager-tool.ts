import { join } from 'node:path';
import {
  BuildpackError,
  type Dependencies,
  NoMatchingVersionError,
  type ResolvedDependency,
  type SupplyContext,
  hoistSingleDirectory,
  resolveOrFail,
  runIndented,
} from '@bpkit/buildpack';
import { versionSatisfies } from '@bpkit/buildpack/versions';
import { exists } from '@bpkit/fs';
import { EXIT } from './exit-codes.ts';
import type { NodeInstallation } from './install-node.ts';
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
  /** deps/<idx>/bin links it needs (the manifest's yarn): a directory whose every entry is linked, or single commands. */
  binDir?: string;
  bin?: Record<string, string>;
}

const fail = (message: string, cause?: unknown): BuildpackError => new BuildpackError(message, { exitCode: EXIT.packageManager, cause });

/**
 * Provides the package manager the plan names. npm comes with Node (engines.npm not matching → CF's
 * `npm install -g npm@<range>`). yarn and pnpm come from the manifest (`yarn`, `pnpm` entries, as CF ships
 * yarn), else from corepack in the installed Node, with COREPACK_HOME in the cache dir so a restage does not
 * fetch them again. A `packageManager` version is taken exactly. Yarn Berry runs through classic yarn when
 * the app commits its release (yarnPath).
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
  // `packageManager` pins an exact release: the manifest's, else Corepack's when this Node still bundles it
  // (Node 25 does not), else an error listing what the manifest has. Never a different version quietly.
  const pinned = async (name: 'yarn' | 'pnpm', version: string): Promise<ResolvedDependency | ProvidedPackageManager> => {
    const exact = await deps.resolve(name, { constraint: version, source: PACKAGE_MANAGER_FIELD }).catch((err: unknown) => {
      if (err instanceof NoMatchingVersionError) return undefined;
      throw err;
    });
    return exact ?? (await corepack(name)) ?? (await unavailable(deps, name, version));
  };

  if (plan.manager === 'npm') return { tool: await provideNpm(ctx, pkg, node) };

  if (plan.manager === 'yarn') {
    const versions = deps.versions('yarn');
    const wanted = pkg.engines.yarn;
    if (wanted && versions.length > 0 && !versions.some((v) => versionSatisfies(v, wanted))) {
      throw fail(`Unable to install yarn: package.json requested ${wanted}, buildpack only includes yarn version ${versions.join(', ')}`);
    }
    if (plan.flavor === 'berry') {
      // A committed release (yarnPath) is what the app runs; classic yarn from the manifest hands over to it.
      if (plan.pinnedVersion && !plan.yarnPath) {
        const chosen = await pinned('yarn', plan.pinnedVersion);
        return 'tool' in chosen ? chosen : installBerry(ctx, deps, chosen, node);
      }
      if (plan.yarnPath && versions.some((v) => v.startsWith('1.'))) return installClassic(ctx, deps, await manifestVersion(deps, 'yarn', undefined, '1.x'), plan);
      const viaCorepack = await corepack('yarn');
      if (viaCorepack) return viaCorepack;
      throw fail(
        'Unable to install yarn: this is a Yarn 2+ (Berry) project without a yarnPath in .yarnrc.yml or a `packageManager: yarn@<version>` this buildpack has, and this Node has no corepack.\n' +
          'Commit the Yarn release (`yarn set version stable` writes .yarn/releases and yarnPath) and push again.',
      );
    }
    if (plan.pinnedVersion) {
      const chosen = await pinned('yarn', plan.pinnedVersion);
      return 'tool' in chosen ? chosen : installClassic(ctx, deps, chosen, plan);
    }
    if (versions.some((v) => v.startsWith('1.'))) return installClassic(ctx, deps, await manifestVersion(deps, 'yarn', wanted, '1.x'), plan);
    const viaCorepack = await corepack('yarn');
    if (viaCorepack) return viaCorepack;
    throw fail('Unable to install yarn: yarn.lock found, but this buildpack has no yarn and this Node has no corepack');
  }

  if (plan.pinnedVersion) {
    const chosen = await pinned('pnpm', plan.pinnedVersion);
    return 'tool' in chosen ? chosen : installPnpm(ctx, deps, chosen, node);
  }
  if (deps.versions('pnpm').length > 0) return installPnpm(ctx, deps, await manifestVersion(deps, 'pnpm', pkg.engines.pnpm), node);
  const viaCorepack = await corepack('pnpm');
  if (viaCorepack) return viaCorepack;
  throw fail('Unable to install pnpm: pnpm-lock.yaml found, but this buildpack has no pnpm dependency and this Node has no corepack');
}

const PACKAGE_MANAGER_FIELD = 'packageManager (package.json)';

/** The CF-style error for a pinned version neither the manifest nor Corepack can provide: what exists, what to do. */
async function unavailable(deps: Dependencies, name: 'yarn' | 'pnpm', version: string): Promise<never> {
  const noMatch = (err: NoMatchingVersionError): string =>
    `Unable to install ${name}: no match found for ${version} (${PACKAGE_MANAGER_FIELD}) in [${err.available.join(' ')}]`;
  try {
    await resolveOrFail(deps, name, { constraint: version, source: PACKAGE_MANAGER_FIELD }, { exitCode: EXIT.packageManager, noMatch });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw fail(
      `${message}\nThis Node.js has no Corepack to fetch ${name} ${version} (Node.js 25 no longer bundles it): ` +
        `set packageManager to a version listed, or add ${name} ${version} to the buildpack's manifest.yml.`,
      err,
    );
  }
  throw fail(`Unable to install ${name} ${version}`);
}

async function installClassic(ctx: SupplyContext, deps: Dependencies, yarn: ResolvedDependency, plan: InstallPlan): Promise<ProvidedPackageManager> {
  const home = join(ctx.depDir, 'yarn');
  await deps.install(yarn, home);
  await hoistSingleDirectory(home, 'bin');
  const berry = plan.manager === 'yarn' && plan.flavor === 'berry';
  ctx.log.info(berry && plan.yarnPath ? `Installed yarn ${yarn.version} (runs the app's ${plan.yarnPath})` : `Installed yarn ${yarn.version}`);
  const tool: PackageManagerTool = { name: 'yarn', file: join(home, 'bin', 'yarn'), prefixArgs: [], version: yarn.version, via: berry ? 'yarnPath' : 'manifest', env: {} };
  return { tool, binDir: join(home, 'bin') };
}

/** Yarn 2+ from the manifest: the npm registry's @yarnpkg/cli-dist tarball, one bundled bin/yarn.js run by the installed Node. */
async function installBerry(ctx: SupplyContext, deps: Dependencies, yarn: ResolvedDependency, node: NodeInstallation): Promise<ProvidedPackageManager> {
  const home = join(ctx.depDir, 'yarn');
  await deps.install(yarn, home);
  await hoistSingleDirectory(home, 'bin');
  const script = join(home, 'bin', 'yarn.js');
  if (!(await exists(script))) throw fail(`Unable to install yarn: no bin/yarn.js in the yarn ${yarn.version} dependency`);
  ctx.log.info(`Installed yarn ${yarn.version}`);
  const tool: PackageManagerTool = { name: 'yarn', file: join(node.home, 'bin', 'node'), prefixArgs: [script], version: yarn.version, via: 'manifest', env: {} };
  return { tool, bin: { yarn: script } };
}

async function installPnpm(ctx: SupplyContext, deps: Dependencies, pnpm: ResolvedDependency, node: NodeInstallation): Promise<ProvidedPackageManager> {
  const home = join(ctx.depDir, 'pnpm');
  await deps.install(pnpm, home);
  await hoistSingleDirectory(home);
  const script = (await exists(join(home, 'bin', 'pnpm.cjs'))) ? join(home, 'bin', 'pnpm.cjs') : join(home, 'dist', 'pnpm.cjs');
  if (!(await exists(script))) throw fail(`Unable to install pnpm: no bin/pnpm.cjs in the pnpm ${pnpm.version} dependency`);
  ctx.log.info(`Installed pnpm ${pnpm.version}`);
  return { tool: { name: 'pnpm', file: join(node.home, 'bin', 'node'), prefixArgs: [script], version: pnpm.version, via: 'manifest', env: {} } };
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

/** The manifest's version matching `constraint`, else its highest within `fallback` (yarn classic runs any v1 lockfile). */
async function manifestVersion(deps: Dependencies, name: string, constraint: string | undefined, fallback = '*'): Promise<ResolvedDependency> {
  if (constraint) {
    try {
      return await deps.resolve(name, { constraint, source: 'package.json' });
    } catch (err) {
      if (!(err instanceof NoMatchingVersionError)) throw err;
    }
  }
  return deps.resolve(name, { constraint: fallback, source: 'buildpack' });
}
