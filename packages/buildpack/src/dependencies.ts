import { join } from 'node:path';
import type { Installer, InstallOptions as InstallerInstallOptions, InstallResult } from '@bpkit/dependency';
import { type Logger, createLogger, orderedOutputs } from '@bpkit/log';
import type { BuildpackManifest, DependencyRef } from '@bpkit/manifest';
import { BuildpackError } from './buildpack-error.ts';
import type { Env } from './context.ts';

/** The buildpack's manifest.yml and installer, as libbuildpack's supply/finalize set them up. */
export interface Dependencies {
  readonly manifest: BuildpackManifest;
  readonly installer: Installer;
  /** All versions of `name` for this stack, in manifest order. */
  versions(name: string): string[];
  /**
   * The highest version of `name` on this stack matching `constraint` (`1.22.x`, `^3.2`, `>=20`, `latest`),
   * or the manifest's default when no constraint is given. No match: a BuildpackError listing the versions.
   */
  resolve(name: string, constraint?: string): Promise<DependencyRef>;
  /**
   * Fetch (vendored file, app cache or download), verify sha256 and extract into targetDir, atomically.
   * `reuse` keeps the unpacked copy in the cache dir for the next staging: 'link' (a tool that never reaches
   * the droplet) or 'copy' (hard links; a runtime the droplet ships). Don't modify reused files in place.
   */
  install(dep: DependencyRef, targetDir: string, options?: InstallOptions): Promise<InstallResult>;
  /**
   * Several installs at once (downloads and unpacking overlap), logged as if one ran after the other. Every
   * install runs to its end; the first failure (in the order given) is then thrown.
   */
  installAll(installs: ReadonlyArray<{ dep: DependencyRef; targetDir: string; options?: InstallOptions }>): Promise<InstallResult[]>;
}

/** strip, reuse, exclude (see @bpkit/dependency); installAll gives each install its own logger. */
export type InstallOptions = Omit<InstallerInstallOptions, 'log'>;

export interface DependenciesOptions {
  buildpackDir: string;
  stack: string;
  cacheDir: string;
  depsDir: string;
  log: Logger;
  env: Env;
}

// go-buildpack: 9 for a manifest that cannot be loaded, 10 for an unsupported stack, 17 for override.yml.
const MANIFEST_EXIT = 9;
const STACK_EXIT = 10;

/**
 * Loaded on first use only: parsing the manifest and loading the installer (node:http, tar) costs more than a
 * buildpack like binary, which installs nothing, spends in total.
 */
export function lazyDependencies(options: DependenciesOptions): {
  get: () => Promise<Dependencies>;
  /** The dependencies if the buildpack used them, for end-of-phase bookkeeping. */
  used: () => Promise<Dependencies> | undefined;
} {
  let loaded: Promise<Dependencies> | undefined;
  return { get: () => (loaded ??= load(options)), used: () => loaded };
}

async function load(options: DependenciesOptions): Promise<Dependencies> {
  const [{ loadManifest, findMatchingVersion }, { Installer }] = await Promise.all([
    import('@bpkit/manifest'),
    import('@bpkit/dependency'),
  ]);
  const { stack, log } = options;
  let manifest: BuildpackManifest;
  try {
    manifest = await loadManifest(join(options.buildpackDir, 'manifest.yml'), { dir: options.buildpackDir });
  } catch (err) {
    throw new BuildpackError(`Unable to load buildpack manifest: ${(err as Error).message}`, { exitCode: MANIFEST_EXIT, cause: err });
  }
  try {
    manifest.checkStackSupport(stack);
  } catch (err) {
    throw new BuildpackError(`Stack not supported by buildpack: ${(err as Error).message}`, { exitCode: STACK_EXIT, cause: err });
  }
  await manifest.applyOverride(options.depsDir);
  await manifest.checkBuildpackVersion(options.cacheDir, log);
  const installer = new Installer({ manifest, stack, log, appCacheDir: options.cacheDir, env: options.env });
  const versions = (name: string) => manifest.allDependencyVersions(name, stack);
  return {
    manifest,
    installer,
    versions,
    async resolve(name, constraint) {
      if (constraint === undefined) {
        try {
          return manifest.defaultVersion(name, stack);
        } catch (err) {
          throw new BuildpackError((err as Error).message, { cause: err });
        }
      }
      const available = versions(name);
      try {
        const wanted = constraint === 'latest' ? '*' : constraint;
        return { name, version: findMatchingVersion(wanted, available) };
      } catch (err) {
        throw new BuildpackError(`no match found for ${constraint} in [${available.join(' ')}]`, { cause: err });
      }
    },
    install: (dep, targetDir, opts) => installer.install(dep, targetDir, opts),
    async installAll(installs) {
      const { channels, close } = orderedOutputs(log.stdout, installs.length);
      const settled = await Promise.allSettled(
        installs.map(({ dep, targetDir, options: opts }, i) =>
          installer
            .install(dep, targetDir, { ...opts, log: createLogger({ stdout: channels[i] ?? log.stdout, env: options.env }) })
            .finally(() => close(i)),
        ),
      );
      const failed = settled.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      return settled.map((r) => (r as PromiseFulfilledResult<InstallResult>).value);
    },
  };
}
