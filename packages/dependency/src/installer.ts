import type { Logger } from '@bpkit/log';
import type { BuildpackManifest, DependencyRef, VersionLine } from '@bpkit/manifest';
import { createHash } from 'node:crypto';
import { mkdir, rm, symlink } from 'node:fs/promises';
import { isDirectory, linkCopyTree } from '@bpkit/fs';
import { dirname, join } from 'node:path';
import { cleanupAppCache, markUsed } from './app-cache.ts';
import type { RetryPolicy, Timeouts } from './download.ts';
import { logInstallHeader } from './install-header.ts';
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

export interface InstallOptions {
  /** Leading path components to strip from archive entries. */
  strip?: number;
  reuse?: 'link' | 'copy';
  /**
   * Archive entries to leave out, the same for every extractor: `testdata` or `*_test.go` match any path
   * component; `go/test` is anchored at the root (after strip). Anything under a match goes too.
   */
  exclude?: readonly string[];
  /** Where this install logs (the installer's logger by default): concurrent installs each get their own. */
  log?: Logger;
  /** Which versions count as newer in the same line, for the newer-version warning (default 'minor'). */
  versionLine?: VersionLine;
  /** Why this version, printed under the install's header. */
  reason?: string;
}

/** libbuildpack's Installer bound to a manifest and stack: install by `{name, version}`. */
export class Installer {
  // Files used by this staging were touched after the process started (supply and finalize are separate processes).
  private readonly startedAt = new Date(performance.timeOrigin);

  constructor(private readonly options: InstallerOptions) {}

  /**
   * `reuse` keeps the unpacked dependency in the app cache (`<cache>/unpacked/<name>/<version>-<sha256>`), so a
   * restage skips unpacking (thousands of files for a toolchain or runtime): 'link' makes targetDir a symlink
   * to it, for tools that never reach the droplet; 'copy' hard-links a copy (a plain copy across filesystems),
   * for runtimes the droplet ships. Callers must not modify the installed files in place.
   */
  async install(dep: DependencyRef, targetDir: string, opts: InstallOptions = {}): Promise<InstallResult> {
    const log = opts.log ?? this.options.log;
    if (opts.reuse && this.options.appCacheDir) return this.installReusing(dep, targetDir, opts.reuse, { ...opts, log });
    const { manifest, stack } = this.options;
    const entry = manifest.getEntry(dep.name, dep.version, stack);
    return installDependency({
      dep: entry,
      targetDir,
      manifestDir: manifest.dir,
      log,
      manifest,
      stack,
      strip: opts.strip ?? 0,
      ...(opts.exclude ? { exclude: opts.exclude } : {}),
      versionLine: opts.versionLine ?? 'minor',
      ...(opts.reason ? { reason: opts.reason } : {}),
      ...(this.options.appCacheDir !== undefined ? { appCacheDir: this.options.appCacheDir } : {}),
      ...(this.options.env ? { env: this.options.env } : {}),
      ...(this.options.retry ? { retry: this.options.retry } : {}),
      ...(this.options.timeouts ? { timeouts: this.options.timeouts } : {}),
    });
  }

  private async installReusing(
    dep: DependencyRef,
    targetDir: string,
    reuse: 'link' | 'copy',
    opts: InstallOptions & { log: Logger },
  ): Promise<InstallResult> {
    const { manifest, stack } = this.options;
    const { log } = opts;
    const entry = manifest.getEntry(dep.name, dep.version, stack);
    const byName = join(this.options.appCacheDir as string, 'unpacked', safeName(dep.name));
    // The same archive unpacked differently is a different copy.
    const shape = opts.strip || opts.exclude?.length ? `-${createHash('sha256').update(JSON.stringify([opts.strip ?? 0, opts.exclude ?? []])).digest('hex').slice(0, 8)}` : '';
    const unpacked = join(byName, `${safeName(dep.version)}-${entry.sha256.slice(0, 16)}${shape}`);
    let result: InstallResult;
    if (await isDirectory(unpacked)) {
      logInstallHeader(log, dep, opts.reason);
      log.info('Reusing the unpacked copy in the app cache');
      result = { source: 'app-cache', path: targetDir, sha256: entry.sha256 };
    } else {
      // Other versions of the same dependency would only grow the cache (cloud_controller_ng #2991).
      await rm(byName, { recursive: true, force: true });
      result = { ...(await this.install(dep, unpacked, { ...opts, reuse: undefined })), path: targetDir };
    }
    await markUsed(unpacked);
    await rm(targetDir, { recursive: true, force: true });
    await mkdir(dirname(targetDir), { recursive: true });
    if (reuse === 'link') await symlink(unpacked, targetDir);
    else await linkCopyTree(unpacked, targetDir);
    return result;
  }

  /** Drops app-cache files this staging did not use. */
  async cleanupAppCache(): Promise<string[]> {
    if (!this.options.appCacheDir) return [];
    return cleanupAppCache(this.options.appCacheDir, this.startedAt);
  }
}

const safeName = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');

