import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildpackError, type Dependencies, type SupplyContext } from '@bpkit/buildpack';
import { exec } from '@bpkit/exec';
import { findMatchingVersion, versionSatisfies } from '@bpkit/manifest';
import { type NodeInstallation, linkBins } from './install-node.ts';
import type { PackageJson } from './package-json.ts';
import type { InstallPlan } from './package-manager.ts';

/** How to run the chosen package manager: `file ...prefixArgs <args>`. */
export interface PackageManagerTool {
  name: 'npm' | 'yarn' | 'pnpm';
  file: string;
  prefixArgs: string[];
  version?: string;
  /** Where it came from: Node's own npm, the buildpack manifest, the app's yarnPath, or corepack. */
  via: 'node' | 'manifest' | 'yarnPath' | 'corepack';
  /** Extra environment the tool needs (corepack's home in the cache dir). */
  env: Record<string, string>;
}

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

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
  env: Record<string, string | undefined>,
): Promise<PackageManagerTool> {
  const corepackEnv = {
    COREPACK_HOME: join(ctx.cacheDir, 'node', 'corepack'),
    COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
    COREPACK_ENABLE_AUTO_PIN: '0',
  };
  const corepack = async (name: 'yarn' | 'pnpm'): Promise<PackageManagerTool | undefined> => {
    const file = join(node.home, 'bin', 'corepack');
    if (!(await exists(file))) return undefined;
    ctx.log.info(`Using ${name}${plan.pinnedVersion ? ` ${plan.pinnedVersion}` : ''} through corepack (packageManager: ${pkg.packageManager ?? 'unset'})`);
    return { name, file, prefixArgs: [name], via: 'corepack', env: corepackEnv, ...(plan.pinnedVersion ? { version: plan.pinnedVersion } : {}) };
  };

  if (plan.manager === 'npm') return provideNpm(ctx, pkg, node, env);

  if (plan.manager === 'yarn') {
    const versions = deps.versions('yarn');
    if (pkg.engines.yarn && versions.length > 0 && !versions.some((v) => versionSatisfies(v, pkg.engines.yarn as string))) {
      throw new BuildpackError(
        `Unable to install yarn: package.json requested ${pkg.engines.yarn}, buildpack only includes yarn version ${versions.join(', ')}`,
        { exitCode: 14 },
      );
    }
    // Berry without a committed release needs corepack to fetch the version packageManager pins.
    if (plan.flavor === 'berry' && !plan.yarnPath) {
      const viaCorepack = await corepack('yarn');
      if (viaCorepack) return viaCorepack;
      throw new BuildpackError(
        'Unable to install yarn: this is a Yarn 2+ (Berry) project without a yarnPath in .yarnrc.yml and this Node has no corepack.\n' +
          'Commit the Yarn release (`yarn set version stable` writes .yarn/releases and yarnPath) and push again.',
        { exitCode: 14 },
      );
    }
    if (versions.length > 0) {
      const version = pickVersion(versions, pkg.engines.yarn ?? (plan.flavor === 'classic' ? plan.pinnedVersion : undefined));
      const home = join(ctx.depDir, 'yarn');
      await deps.install({ name: 'yarn', version }, home);
      const bin = (await exists(join(home, 'bin'))) ? join(home, 'bin') : await singleTopBin(home);
      await linkBins(ctx, bin);
      ctx.log.info(plan.flavor === 'berry' ? `Installed yarn ${version} (runs the app's ${plan.yarnPath})` : `Installed yarn ${version}`);
      return { name: 'yarn', file: join(ctx.depDir, 'bin', 'yarn'), prefixArgs: [], version, via: plan.flavor === 'berry' ? 'yarnPath' : 'manifest', env: {} };
    }
    const viaCorepack = await corepack('yarn');
    if (viaCorepack) return viaCorepack;
    throw new BuildpackError('Unable to install yarn: yarn.lock found, but this buildpack has no yarn and this Node has no corepack', { exitCode: 14 });
  }

  const versions = deps.versions('pnpm');
  if (versions.length > 0) {
    const version = pickVersion(versions, pkg.engines.pnpm ?? plan.pinnedVersion);
    const home = join(ctx.depDir, 'pnpm');
    await deps.install({ name: 'pnpm', version }, home);
    const script = await findPnpmScript(home);
    if (!script) throw new BuildpackError(`Unable to install pnpm: no bin/pnpm.cjs in the pnpm ${version} dependency`, { exitCode: 14 });
    ctx.log.info(`Installed pnpm ${version}`);
    return { name: 'pnpm', file: join(node.home, 'bin', 'node'), prefixArgs: [script], version, via: 'manifest', env: {} };
  }
  const viaCorepack = await corepack('pnpm');
  if (viaCorepack) return viaCorepack;
  throw new BuildpackError(
    'Unable to install pnpm: pnpm-lock.yaml found, but this buildpack has no pnpm dependency and this Node has no corepack',
    { exitCode: 14 },
  );
}

async function provideNpm(
  ctx: SupplyContext,
  pkg: PackageJson,
  node: NodeInstallation,
  env: Record<string, string | undefined>,
): Promise<PackageManagerTool> {
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
  const out = ctx.log.indented();
  try {
    await exec(file, ['install', '--quiet', '-g', `npm@${wanted}`, '--userconfig', join(ctx.buildDir, '.npmrc')], {
      cwd: ctx.buildDir,
      env,
      stdout: out,
      stderr: out,
    });
  } catch (err) {
    throw new BuildpackError(
      `We're unable to download the version of npm you've provided (${wanted}).\nPlease remove the npm version specification in package.json`,
      { exitCode: 14, cause: err },
    );
  } finally {
    out.end();
  }
  return { name: 'npm', file, prefixArgs: [], via: 'node', env: {} };
}

function pickVersion(versions: string[], constraint: string | undefined): string {
  if (constraint) {
    try {
      return findMatchingVersion(constraint, versions);
    } catch {
      // Not in the manifest: the highest one serves (yarn classic runs any v1 lockfile).
    }
  }
  return findMatchingVersion('*', versions);
}

async function singleTopBin(home: string): Promise<string> {
  const entries = await readdir(home, { withFileTypes: true });
  for (const e of entries) if (e.isDirectory() && (await exists(join(home, e.name, 'bin')))) return join(home, e.name, 'bin');
  return join(home, 'bin');
}

async function findPnpmScript(home: string): Promise<string | undefined> {
  for (const candidate of ['bin/pnpm.cjs', 'package/bin/pnpm.cjs', 'dist/pnpm.cjs', 'package/dist/pnpm.cjs']) {
    if (await exists(join(home, candidate))) return join(home, candidate);
  }
  return undefined;
}
