import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Installer, InstallOptions as InstallerInstallOptions, InstallResult } from '@bpkit/dependency';
import { type Logger, createLogger, orderedOutputs } from '@bpkit/log';
import type { BuildpackManifest, DependencyRef, ManifestDependency, VersionLine } from '@bpkit/manifest';
import { versionReason } from '@bpkit/manifest/version-reason';
import { BuildpackError } from './buildpack-error.ts';
import type { Env } from './context.ts';
import { CORE_EXIT } from './exit-codes.ts';
import { installVendoredCopy, vendoredCopy } from './vendored-runtime.ts';
import { INSTALL_RECORDS_VARIABLE } from '@bpkit/sbom/install-record';
import { recordInstall } from './installed-record.ts';

/** What an app (or the buildpack) asks of a dependency's version, and who asked. */
export interface VersionRequest {
  /** Matched against the manifest's versions: `1.22.x`, `>=1.21.0`, `^20`, `3.2.2`, `latest`; comma or space ANDs. */
  constraint: string;
  /** Who decided, for the log and errors: `go.mod`, `engines.node`, `.ruby-version`, `$GOVERSION`. */
  source: string;
  /** What the source said, when that differs from the constraint (`go 1.22`, `lts/*`). */
  requested?: string;
  /** How the request is read, when its words don't say: `a minimum` for go.mod's `go 1.22`. */
  rule?: string;
  /** Versions that match the constraint but must not be chosen (RubyGems' `!=`). */
  exclude?: readonly string[];
}

export interface ResolveOptions {
  /** Which versions count as newer in the same line for the install's newer-version warning (default 'minor'). */
  versionLine?: VersionLine;
}

/** A manifest version chosen for this stack, and why: hand it to `install`. */
export interface ResolvedDependency extends DependencyRef {
  /** The request's source, or `manifest default`. */
  source: string;
  /** The constraint that chose it (the request's, or the manifest's default_versions entry). */
  constraint: string;
  /**
   * Why this version, in the core's one wording (@bpkit/manifest versionReason): `go.mod: go 1.22 (a minimum)`,
   * `the manifest default: 22.x`. `install` prints it as `Chosen by …` under its header.
   */
  reason: string;
  versionLine: VersionLine;
}

/** A request no manifest version meets. The message is libbuildpack's; the fields let a buildpack say more. */
export class NoMatchingVersionError extends BuildpackError {
  /** The available version closest to the request (@bpkit/manifest nearestVersion). */
  readonly nearest: string | undefined;

  constructor(
    readonly dependency: string,
    readonly request: VersionRequest,
    /** Every version of the dependency for this stack, in manifest order. */
    readonly available: readonly string[],
    /** CF_STACK (not `stack`: Error has one). */
    readonly cfStack?: string,
    nearest?: string,
  ) {
    super(`no match found for ${request.constraint} in [${available.join(' ')}]`);
    this.nearest = nearest;
  }
}

/** The buildpack's manifest.yml, as a dependency service: resolve a version, then install it. */
export interface Dependencies {
  /** All versions of `name` for this stack, in manifest order. */
  versions(name: string): string[];
  /**
   * The highest version of `name` for this stack that meets `request`, or the manifest's default_versions entry
   * when there is no request. No match: a NoMatchingVersionError listing the versions; no single default:
   * libbuildpack's default-versions error.
   */
  resolve(name: string, request?: VersionRequest, options?: ResolveOptions): Promise<ResolvedDependency>;
  /**
   * Fetch (vendored file, app cache or download), verify sha256 and extract into targetDir, atomically.
   * `reuse` keeps the unpacked copy in the cache dir for the next staging: 'link' (a tool that never reaches
   * the droplet) or 'copy' (hard links; a runtime the droplet ships). Don't modify reused files in place.
   */
  install(dep: ResolvedDependency, targetDir: string, options?: InstallOptions): Promise<InstallResult>;
  /**
   * Several installs at once (downloads and unpacking overlap), logged as if one ran after the other. Every
   * install runs to its end; the first failure (in the order given) is then thrown.
   */
  installAll(installs: ReadonlyArray<{ dep: ResolvedDependency; targetDir: string; options?: InstallOptions }>): Promise<InstallResult[]>;
}

/** strip, reuse, exclude (see @bpkit/dependency); the version line comes from resolve. */
export type InstallOptions = Omit<InstallerInstallOptions, 'log' | 'versionLine'>;

export interface DependenciesOptions {
  buildpackDir: string;
  /** The app: an install into it is recorded as `app/…` (see installed-record.ts). */
  buildDir?: string;
  stack: string;
  cacheDir: string;
  depsDir: string;
  log: Logger;
  env: Env;
}

export interface LazyDependencies {
  get: () => Promise<Dependencies>;
  /** libbuildpack's end of supply: drops app-cache downloads this staging did not use (nothing if none were loaded). */
  cleanupAppCache: () => Promise<void>;
}

/**
 * Loaded on first use only: parsing the manifest and loading the installer (node:http, tar) costs more than a
 * buildpack like binary, which installs nothing, spends in total.
 */
export function lazyDependencies(options: DependenciesOptions): LazyDependencies {
  let loaded: Promise<Loaded> | undefined;
  const load = (): Promise<Loaded> => (loaded ??= loadDependencies(options));
  return {
    get: async () => (await load()).service,
    cleanupAppCache: async () => {
      if (loaded) await (await loaded).installer.cleanupAppCache();
    },
  };
}

interface Loaded {
  service: Dependencies;
  installer: Installer;
}

async function loadDependencies(options: DependenciesOptions): Promise<Loaded> {
  const [{ loadManifest, findMatchingVersion, nearestVersion }, { Installer, logInstallHeader }] = await Promise.all([
    import('@bpkit/manifest'),
    import('@bpkit/dependency'),
  ]);
  const { stack, log } = options;
  let manifest: BuildpackManifest;
  try {
    manifest = await loadManifest(join(options.buildpackDir, 'manifest.yml'), { dir: options.buildpackDir });
  } catch (err) {
    throw new BuildpackError(`Unable to load buildpack manifest: ${(err as Error).message}`, { exitCode: CORE_EXIT.manifest, cause: err });
  }
  try {
    manifest.checkStackSupport(stack);
  } catch (err) {
    throw new BuildpackError(`Stack not supported by buildpack: ${(err as Error).message}`, { exitCode: CORE_EXIT.stack, cause: err });
  }
  await manifest.applyOverride(options.depsDir);
  await manifest.checkBuildpackVersion(options.cacheDir, log);
  const installer = new Installer({ manifest, stack, log, appCacheDir: options.cacheDir, env: options.env });
  const versions = (name: string): string[] => manifest.allDependencyVersions(name, stack);
  const install = async (dep: ResolvedDependency, targetDir: string, opts: InstallOptions | undefined, into: Logger): Promise<InstallResult> => {
    const entry = manifest.getEntry(dep.name, dep.version, stack);
    const result = await installEntry(dep, entry, targetDir, opts, into);
    await recordInstall(options.env[INSTALL_RECORDS_VARIABLE], options, targetDir, {
      name: entry.name,
      version: entry.version,
      buildpack: manifest.language,
      ...(entry.sha256 ? { sha256: entry.sha256 } : {}),
      ...(entry.uri ? { uri: entry.uri } : {}),
      ...(entry.source ? { source: entry.source } : {}),
      ...(entry.source_sha256 ? { sourceSha256: entry.source_sha256 } : {}),
    });
    return result;
  };
  const installEntry = async (dep: ResolvedDependency, entry: ManifestDependency, targetDir: string, opts: InstallOptions | undefined, into: Logger): Promise<InstallResult> => {
    const vendored = opts?.strip || opts?.exclude?.length ? undefined : await vendoredCopy(options.buildpackDir, entry);
    if (vendored) {
      logInstallHeader(into, dep, dep.reason);
      into.info(`Copy [${vendored}]`);
      await rm(targetDir, { recursive: true, force: true });
      await installVendoredCopy(vendored, targetDir);
      return { source: 'file', path: targetDir, sha256: entry.sha256 };
    }
    return installer.install({ name: dep.name, version: dep.version }, targetDir, { ...opts, versionLine: dep.versionLine, reason: dep.reason, log: into });
  };

  const service: Dependencies = {
    versions,
    async resolve(name, request, resolveOptions = {}) {
      const versionLine = resolveOptions.versionLine ?? 'minor';
      if (request === undefined) {
        const defaults = manifest.data.default_versions.filter((d) => d.name === name);
        let dep: DependencyRef;
        try {
          dep = manifest.defaultVersion(name, stack);
        } catch (err) {
          throw new BuildpackError((err as Error).message, { cause: err });
        }
        const constraint = defaults[0]?.version ?? dep.version;
        return { ...dep, source: 'manifest default', constraint, versionLine, reason: versionReason(undefined, constraint) };
      }
      const excluded = new Set(request.exclude ?? []);
      const available = versions(name);
      const candidates = available.filter((v) => !excluded.has(v));
      let version: string;
      try {
        version = findMatchingVersion(request.constraint === 'latest' ? '*' : request.constraint, candidates);
      } catch {
        throw new NoMatchingVersionError(name, request, available, stack, nearestVersion(request.constraint, candidates));
      }
      return { name, version, source: request.source, constraint: request.constraint, versionLine, reason: versionReason(request, request.constraint) };
    },
    install: (dep, targetDir, opts) => install(dep, targetDir, opts, log),
    async installAll(installs) {
      const { channels, close } = orderedOutputs(log.stdout, installs.length);
      const settled = await Promise.allSettled(
        installs.map(({ dep, targetDir, options: opts }, i) =>
          install(dep, targetDir, opts, createLogger({ stdout: channels[i] ?? log.stdout, env: options.env })).finally(() => close(i)),
        ),
      );
      const failed = settled.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      return settled.map((r) => (r as PromiseFulfilledResult<InstallResult>).value);
    },
  };
  return { service, installer };
}
