import type { Logger } from '@bpkit/log';
import type { BuildpackManifest, DependencyRef, VersionLine } from '@bpkit/manifest';
import { cleanupAppCache } from './app-cache.ts';
import type { RetryPolicy, Timeouts } from './download.ts';
import { installDependency } from './install-dependency.ts';
import type { InstallResult } from './install-dependency.ts';

export interface InstallerOptions {
  manifest: BuildpackManifest;
  /** CF_STACK of this staging. */
  stack: string | undefined;
  log: Logger;
  appCacheDir?: string;
  env?: Readonly<Record<string, string | undefined>>;
  retry?: Partial<RetryPolicy>;
  timeouts?: Partial<Timeouts>;
}

/** libbuildpack's Installer bound to a manifest and stack: install by `{name, version}`. */
export class Installer {
  private readonly versionLines = new Map<string, VersionLine>();
  // Files used by this staging were touched after the process started (supply and finalize are separate processes).
  private readonly startedAt = new Date(performance.timeOrigin);

  constructor(private readonly options: InstallerOptions) {}

  /** Compare newer-version warnings within `maj.x.x` ('major') instead of `maj.min.x`. */
  setVersionLine(name: string, line: VersionLine): void {
    this.versionLines.set(name, line);
  }

  async install(dep: DependencyRef, targetDir: string, opts: { strip?: number } = {}): Promise<InstallResult> {
    const { manifest, stack, log } = this.options;
    const entry = manifest.getEntry(dep.name, dep.version, stack);
    return installDependency({
      dep: entry,
      targetDir,
      manifestDir: manifest.dir,
      log,
      manifest,
      stack,
      strip: opts.strip ?? 0,
      versionLine: this.versionLines.get(dep.name) ?? 'minor',
      ...(this.options.appCacheDir !== undefined ? { appCacheDir: this.options.appCacheDir } : {}),
      ...(this.options.env ? { env: this.options.env } : {}),
      ...(this.options.retry ? { retry: this.options.retry } : {}),
      ...(this.options.timeouts ? { timeouts: this.options.timeouts } : {}),
    });
  }

  /** Installs the single version of `name` on this stack ("more than one version of X found" otherwise). */
  async installOnlyVersion(name: string, targetDir: string): Promise<InstallResult> {
    return this.install(this.options.manifest.onlyVersion(name, this.options.stack), targetDir);
  }

  /** Drops app-cache files this staging did not use. */
  async cleanupAppCache(): Promise<string[]> {
    if (!this.options.appCacheDir) return [];
    return cleanupAppCache(this.options.appCacheDir, this.startedAt);
  }
}
