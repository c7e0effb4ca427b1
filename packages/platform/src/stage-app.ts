import { copyFile, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { build, segmentIndexPath, type DetectAttempt, type StagingResult, type SupplyWatch } from '@bpkit/stager';
import type { App } from './app.ts';
import { buildCacheLimit, enforceCacheLimit } from './build-cache.ts';
import { type HeldLock, withLockFile } from './lock-file.ts';
import type { StagingBuildpack } from './resolve-buildpacks.ts';
import { SBOM_FILES } from './droplet-sbom.ts';
import { ensureStackPath } from './stack.ts';
import { stagingEnvironment } from './staging-environment.ts';
import { startWatchdog } from './staging-watchdog.ts';
import { uploadApp } from './upload-app.ts';

export interface StageAppOptions {
  app: App;
  /** The app's source directory, uploaded as `cf push` would (.cfignore honoured). */
  appDir: string;
  dataDir: string;
  buildpacks: StagingBuildpack[];
  /** True when the user named buildpacks (-b): CC skips detect even for a single one. */
  skipDetect: boolean;
  stdout: Writable;
  stderr: Writable;
  bootstrapNode?: string;
  platformEnv?: Record<string, string>;
  /** Supplies writing outside their deps/<idx>: 'warn' (default) names the paths, 'strict' fails staging. */
  supplyWatch?: SupplyWatch;
  /** Keep the staging work directory (for debugging a buildpack). */
  keepWorkDir?: boolean;
  /**
   * A directory that gets copies of droplet.tgz and result.json (`bpkit stage -o`), made while the staging
   * lock is held: a concurrent staging of the app cannot slip its droplet between the two.
   */
  exportTo?: string;
  /**
   * The app's build cache is cut down to this many bytes (least recently used entries first) before the builder
   * runs. Default: BPKIT_BUILD_CACHE_LIMIT, else 1 GiB.
   */
  cacheLimitBytes?: number;
  /**
   * Show which buildpacks detect tried and why each declined (the builder's detection trace, with the
   * buildpacks' registered names): after detection, or under CF's message on a 222. Only when detect runs
   * (skipDetect false).
   */
  detectTrace?: boolean;
}

export interface StagedApp {
  exitCode: number;
  dropletPath: string;
  resultPath: string;
  metadata?: StagingResult;
  /** With detectTrace, when detect ran: every buildpack tried, in order. */
  detectTrace?: DetectAttempt[];
}

/** Per-app state: its droplet, result.json and build-artifacts cache live here between pushes. */
export function appStateDir(dataDir: string, appName: string): string {
  return join(dataDir, 'apps', appName);
}

/**
 * Stages an app the way Diego runs CF's builder: the app is uploaded into a fresh build dir, the builder runs
 * with the stack's PATH over the app's build-artifacts cache, and on success the droplet and result.json are
 * kept for the app. Unlike Diego, the cache is not round-tripped through a tgz (untar before, tar after: the
 * slowest part of a warm staging); it stays in place, and a failed staging discards it, so the next staging
 * sees what CF would: the last successful staging's cache, or none.
 */
export async function stageApp(options: StageAppOptions): Promise<StagedApp> {
  const { app, dataDir } = options;
  const stateDir = appStateDir(dataDir, app.name);
  await mkdir(stateDir, { recursive: true });
  await mkdir(join(dataDir, 'tmp'), { recursive: true });
  // The cache is used in place and the droplet, its segment index and result.json are published beside it. CF
  // gives every staging its own copy of the cache and publishes atomically; here stagings of one app take turns.
  // The lock is held until the staging's watchdog is done with it: it is a guard of the lock.
  return withLockFile(join(stateDir, 'staging.lock'), (lock) => stageLocked(options, stateDir, lock), {
    onWait: () => options.stdout.write(`Waiting for another staging of app ${app.name} to finish...\n`),
  });
}

async function stageLocked(options: StageAppOptions, stateDir: string, lock: HeldLock): Promise<StagedApp> {
  const { app, dataDir } = options;
  const work = await mkdtemp(join(dataDir, 'tmp', 'staging-'));
  const dropletPath = join(stateDir, 'droplet.tgz');
  const resultPath = join(stateDir, 'result.json');
  const paths = {
    buildDir: join(work, 'app'),
    // The app's build-artifacts cache stays in place between stagings (no tgz round trip).
    cacheDir: join(stateDir, 'cache'),
    buildpacksDir: join(work, 'buildpacks'),
    downloadsDir: join(work, 'buildpackdownloads'),
    home: join(work, 'home'),
    tmp: join(work, 'tmp'),
    droplet: join(work, 'droplet.tgz'),
    result: join(work, 'result.json'),
    outputCache: join(work, 'output-cache.tgz'),
  };
  // Killed, we leave the lock to the watchdog: a staging that took it over now could see it delete the cache.
  const watchdog = startWatchdog([work, paths.cacheDir, lock.path]);
  try {
    if (watchdog.pid !== undefined) await lock.guardedBy(watchdog.pid);
    await Promise.all(
      [paths.cacheDir, paths.buildpacksDir, paths.downloadsDir, paths.home, paths.tmp].map((d) =>
        mkdir(d, { recursive: true }),
      ),
    );
    await uploadApp(options.appDir, paths.buildDir);
    for (const bp of options.buildpacks) await bp.install(paths.buildpacksDir);

    const stackPath = await ensureStackPath(dataDir, app.stack);
    const env = stagingEnvironment(app, {
      stackPath,
      home: paths.home,
      ...(options.bootstrapNode ? { bootstrapNode: options.bootstrapNode } : {}),
      ...(options.platformEnv ? { platformEnv: options.platformEnv } : {}),
    });
    // cloud_controller_ng#2991: a cache over its limit loses its least recently used entries, not the staging.
    await enforceCacheLimit(dataDir, app.name, options.cacheLimitBytes ?? buildCacheLimit(), (line) => options.stdout.write(`${line}\n`));
    const result = await build({
      buildDir: paths.buildDir,
      outputDroplet: paths.droplet,
      outputMetadata: paths.result,
      outputBuildArtifactsCache: paths.outputCache,
      buildpacksDir: paths.buildpacksDir,
      buildpacksDownloadDir: paths.downloadsDir,
      buildArtifactsCacheDir: paths.cacheDir,
      buildpackOrder: options.buildpacks.map((b) => b.key),
      skipDetect: options.skipDetect,
      skipCertVerify: false,
      env,
      stdout: options.stdout,
      stderr: options.stderr,
      tempDir: paths.tmp,
      supplyWatch: options.supplyWatch ?? 'warn',
      keepCacheInPlace: true,
      // Droplets of the local platform are extracted on this machine at once; level 1 saves seconds.
      fastDropletCompression: true,
      // The build dir is deleted with the work dir below; the droplet can take it as it is.
      moveBuildDir: true,
      // A restage copies the unchanged parts of the last droplet (its Ruby, its Node) instead of compressing them.
      previousDroplet: dropletPath,
      // The SBOM goes into the droplet; its copy here is kept beside result.json.
      outputSbom: join(work, 'sbom'),
      ...(options.detectTrace
        ? { detectTrace: true, buildpackNames: Object.fromEntries(options.buildpacks.filter((b) => b.name).map((b) => [b.key, b.name])) }
        : {}),
    });

    if (result.exitCode === 0) {
      // The old index goes first: a droplet beside another droplet's index would make the next restage copy
      // segments from the wrong offsets. Interrupted in between, the droplet is just left without an index.
      await rm(segmentIndexPath(dropletPath), { force: true });
      await rename(paths.droplet, dropletPath);
      await rename(segmentIndexPath(paths.droplet), segmentIndexPath(dropletPath)).catch(() => undefined);
      await rename(paths.result, resultPath);
      for (const file of Object.values(SBOM_FILES)) await rename(join(work, 'sbom', file), join(stateDir, file));
      if (options.exportTo) {
        await mkdir(options.exportTo, { recursive: true });
        await copyFile(dropletPath, join(options.exportTo, 'droplet.tgz'));
        await copyFile(resultPath, join(options.exportTo, 'result.json'));
      }
    } else {
      // CF publishes a cache only from a successful staging; a cold cache is always valid, a half-written one may not be.
      await rm(paths.cacheDir, { recursive: true, force: true });
    }
    const metadata =
      result.metadata ??
      (result.exitCode === 0 ? (JSON.parse(await readFile(resultPath, 'utf8')) as StagingResult) : undefined);
    return {
      exitCode: result.exitCode,
      dropletPath,
      resultPath,
      ...(metadata ? { metadata } : {}),
      ...(result.detectTrace ? { detectTrace: result.detectTrace } : {}),
    };
  } finally {
    if (!options.keepWorkDir) await rm(work, { recursive: true, force: true });
    watchdog.stop();
  }
}

