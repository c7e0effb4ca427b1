import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { isFile } from '@bpkit/fs';
import { redact } from '@bpkit/log';
import type { Logger } from '@bpkit/log';
import type { BuildpackManifest, ManifestDependency, VersionLine } from '@bpkit/manifest';
import { appCachePath, touchCacheFile, uriBasename } from './app-cache.ts';
import { logInstallHeader } from './install-header.ts';
import { DownloadError, download } from './download.ts';
import type { RetryPolicy, Timeouts } from './download.ts';
import { archiveKind, extractZip, fileSink, jsTarSink, nativeTarSink, verifySymlinks } from './extract.ts';
import type { ArchiveKind, ByteSink } from './extract.ts';
import { type ExcludeRules, excludeRules } from './exclude.ts';
import { applyMirror } from './mirror.ts';
import { placeIntoTarget } from './place-into-target.ts';
import { Sha256MismatchError, verifySha256 } from './verify-sha256.ts';
import { accessSync, constants } from 'node:fs';
import { finished } from 'node:stream/promises';

export interface InstallDependencyOptions {
  /** The manifest entry (name, version, uri, sha256, optional file). */
  dep: ManifestDependency;
  /** Directory to unpack into; for `.sh` dependencies, the path of the script itself. */
  targetDir: string;
  /** Buildpack root: vendored `file:` paths are relative to it. */
  manifestDir?: string;
  /** App cache dir; downloads are kept in `<cache>/dependencies/<sha256(uri)>/<basename>`. */
  appCacheDir?: string;
  log: Logger;
  /** Leading path components to strip from archive entries. */
  strip?: number;
  /** Archive entries to leave out (see ExcludeRules). */
  exclude?: readonly string[];
  /** Environment (mirror, proxies); defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** For the newer-version and end-of-life warnings. */
  manifest?: BuildpackManifest;
  stack?: string;
  versionLine?: VersionLine;
  /** Why this version, printed under the header (see @bpkit/manifest versionReason). */
  reason?: string;
  retry?: Partial<RetryPolicy>;
  timeouts?: Partial<Timeouts>;
  progressThresholdBytes?: number;
}

export type DependencySource = 'file' | 'app-cache' | 'download';

export interface InstallResult {
  source: DependencySource;
  /** Where the dependency now is (targetDir, `targetDir/<basename>` for plain files). */
  path: string;
  sha256: string;
}

class Attempt {
  readonly work: Promise<string>;
  private sink: ByteSink | undefined;
  private aborted = false;

  constructor(
    private readonly target: string,
    private readonly kind: ArchiveKind,
    private readonly strip: number,
    private readonly exclude: ExcludeRules,
    /** The stack's tar, used for .tgz/.tar.xz when present. */
    private readonly tar: string | undefined,
  ) {
    // The temp dir sits next to the target so the final rename never crosses filesystems.
    this.work = mkdir(dirname(target), { recursive: true }).then(() => mkdtemp(join(dirname(target), `.${basename(target)}.bpkit-`)));
  }

  async open(): Promise<ByteSink> {
    const work = await this.work;
    const out = join(work, 'out');
    switch (this.kind) {
      case 'tar.gz':
      case 'tar.xz': {
        await mkdir(out);
        const compression = this.kind === 'tar.gz' ? 'gz' : 'xz';
        this.sink = this.tar
          ? await nativeTarSink(this.tar, out, this.strip, compression, this.exclude)
          : await jsTarSink(out, this.strip, compression, this.exclude);
        break;
      }
      case 'zip':
        this.sink = fileSink(join(work, 'archive.zip'));
        break;
      default:
        this.sink = fileSink(join(work, 'file'));
    }
    return this.sink;
  }

  abort(): void {
    this.aborted = true;
    this.sink?.abort();
  }

  async place(dep: ManifestDependency): Promise<string> {
    const work = await this.work;
    const out = join(work, 'out');
    switch (this.kind) {
      case 'sh':
        await chmod(join(work, 'file'), 0o755);
        await rm(this.target, { recursive: true, force: true });
        await rename(join(work, 'file'), this.target);
        return this.target;
      case 'file': {
        const dest = join(this.target, uriBasename(dep.uri));
        await mkdir(this.target, { recursive: true });
        await rename(join(work, 'file'), dest);
        return dest;
      }
      case 'zip':
        await verifySymlinks(out, await extractZip(join(work, 'archive.zip'), out, this.strip, this.exclude));
        break;
      default:
        await verifySymlinks(out, this.sink?.symlinks ?? []);
    }
    await placeIntoTarget(out, this.target);
    return this.target;
  }

  async cleanup(): Promise<void> {
    const work = await this.work.catch(() => undefined);
    if (!work) return;
    // An aborted unpack may still have a mkdir or open in flight: retry, then sweep once more after it settles.
    const sweep = (): Promise<void> => rm(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 }).catch(() => undefined);
    await sweep();
    if (this.aborted) {
      await new Promise((r) => setTimeout(r, 25));
      await sweep();
    }
  }
}

/**
 * Streams one source through sha256, the optional app-cache copy and the unpacker in a single pass.
 * Bytes keep being hashed after an unpack failure so a corrupt download reports the sha256 mismatch.
 */
async function streamAttempt(
  chunks: AsyncIterable<Buffer>,
  options: InstallDependencyOptions,
  cacheCopy: string | undefined,
): Promise<{ path: string; sha256: string }> {
  const { dep } = options;
  const attempt = new Attempt(
    resolve(options.targetDir),
    archiveKind(dep.uri),
    options.strip ?? 0,
    excludeRules(options.exclude),
    systemTar(options.env ?? process.env),
  );
  let tee: WriteStream | undefined;
  const cacheTmp = cacheCopy ? `${cacheCopy}.partial-${process.pid}-${Date.now()}` : undefined;
  let ok = false;
  try {
    const sink = await attempt.open();
    if (cacheCopy && cacheTmp) {
      await mkdir(dirname(cacheCopy), { recursive: true });
      tee = createWriteStream(cacheTmp, { highWaterMark: 1 << 20 });
      tee.on('error', () => undefined);
    }
    const hash = createHash('sha256');
    let unpackError: unknown;
    try {
      for await (const chunk of chunks) {
        hash.update(chunk);
        if (tee && !tee.write(chunk)) await once(tee, 'drain');
        if (unpackError === undefined) await sink.write(chunk).catch((err: unknown) => (unpackError = err));
      }
    } catch (err) {
      attempt.abort();
      throw err;
    }
    if (unpackError === undefined) await sink.finish().catch((err: unknown) => (unpackError = err));
    if (tee) {
      tee.end();
      await once(tee, 'close');
    }
    const actual = hash.digest('hex');
    try {
      verifySha256(dep.sha256, actual);
      if (unpackError !== undefined) throw unpackError;
    } catch (err) {
      attempt.abort();
      throw err;
    }
    const path = await attempt.place(dep);
    if (cacheCopy && cacheTmp) {
      await rename(cacheTmp, cacheCopy);
      await touchCacheFile(cacheCopy);
    }
    ok = true;
    return { path, sha256: actual };
  } finally {
    if (!ok) {
      if (tee) {
        // A write stream destroyed before its asynchronous open completes still creates the file: wait for
        // it to close, or the partial copy can reappear after the rm below.
        tee.destroy();
        await finished(tee).catch(() => undefined);
      }
      if (cacheTmp) await rm(cacheTmp, { force: true });
    }
    await attempt.cleanup();
  }
}

/** GNU tar on the stack's PATH; BPKIT_JS_TAR=1 forces the JavaScript extractor (as on a stack without tar). */
function systemTar(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env['BPKIT_JS_TAR'] === '1') return undefined;
  for (const dir of (env['PATH'] ?? '').split(':')) {
    if (!dir) continue;
    const candidate = join(dir, 'tar');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function fileChunks(path: string): AsyncIterable<Buffer> {
  return createReadStream(path, { highWaterMark: 1 << 20 });
}

/**
 * libbuildpack's Installer.InstallDependency: vendored `file:` → app cache → download, sha256 checked on
 * every fetch, unpacked by URI suffix, atomically (nothing is left at `targetDir` when it fails).
 */
export async function installDependency(options: InstallDependencyOptions): Promise<InstallResult> {
  const { dep, log } = options;
  logInstallHeader(log, dep, options.reason);
  const result = await fetchAndUnpack(options);
  options.manifest?.warnNewerVersion(dep, options.stack, log, options.versionLine);
  options.manifest?.warnEndOfLife(dep, log);
  return result;
}

async function fetchAndUnpack(options: InstallDependencyOptions): Promise<InstallResult> {
  const { dep, log } = options;
  const env = options.env ?? process.env;

  if (dep.file) {
    const manifestDir = options.manifestDir ?? options.manifest?.dir ?? process.cwd();
    const source = isAbsolute(dep.file) ? dep.file : join(manifestDir, dep.file);
    log.info(`Copy [${source}]`);
    if (!(await isFile(source))) throw new Error(`vendored dependency file ${source} not found`);
    return { source: 'file', ...(await streamAttempt(fileChunks(source), options, undefined)) };
  }

  const cacheFile = options.appCacheDir ? appCachePath(options.appCacheDir, dep.uri) : undefined;
  if (cacheFile && (await isFile(cacheFile))) {
    log.info(`Copy [${cacheFile}]`);
    try {
      const r = await streamAttempt(fileChunks(cacheFile), options, undefined);
      await touchCacheFile(cacheFile);
      return { source: 'app-cache', ...r };
    } catch (err) {
      if (!(err instanceof Sha256MismatchError)) throw err;
      // A damaged cache entry must not fail every later staging: drop it and download again.
      await rm(cacheFile, { force: true });
      log.warning(`cached ${dep.name} ${dep.version} is damaged (${err.message}); downloading it again`);
    }
  }

  const uri = applyMirror(dep.uri, env);
  log.info(`Download [${redact(uri)}]`);
  try {
    const r = await download(uri, (body) => streamAttempt(body.chunks, options, cacheFile), {
      log,
      env,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
      ...(options.progressThresholdBytes !== undefined ? { progressThresholdBytes: options.progressThresholdBytes } : {}),
    });
    return { source: 'download', ...r };
  } catch (err) {
    if (err instanceof Error && !(err instanceof DownloadError) && !(err instanceof Sha256MismatchError)) err.message = redact(err.message);
    throw err;
  }
}
