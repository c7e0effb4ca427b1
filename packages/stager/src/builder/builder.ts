// build(): BAL's builder (builder/main.go + buildpackrunner/runner.go) as a library call. It never
// throws for staging failures: it prints CF's message on stderr and returns CF's exit code.

import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { exists } from '@bpkit/fs';
import { buildpackInstallPath, isAbsoluteUrl, urlParseError, type BuildpackDirs } from '../buildpack-bits/buildpack-dir.ts';
import { downloadBuildpack } from '../buildpack-bits/buildpack-download.ts';
import type { ScriptIo } from '../buildpack-scripts/run-script.ts';
import { packageDroplet } from '../droplet/droplet.ts';
import { pathErrorText } from '../go-compat/go-errors.ts';
import { interpolateServiceRefs } from '../vcap-env/credhub.ts';
import { applyDatabaseUrl } from '../vcap-env/database-url.ts';
import { parsePlatformOptions } from '../vcap-env/platform-options.ts';
import { BuilderConfig, validateOptions, type BuilderOptions } from './builder-config.ts';
import { makeContentsDir } from './contents-dir.ts';
import { readDepsConfigYml, type BuildpackMetadata } from './deps-config-yml.ts';
import { detect, formatDetectAttempts, formatDetectTrace, type DetectAttempt } from './detect.ts';
import type { DropletSbomPlan } from './droplet-sbom.ts';
import { runFinalize } from './finalize.ts';
import { launchYmlPath, readLaunchYml } from './launch-yml.ts';
import {
  COMPILE_FAIL_MSG,
  DETECT_FAIL_CODE,
  DETECT_FAIL_MSG,
  errorText,
  exitCodeFromError,
  LifecycleError,
  RELEASE_FAIL_MSG,
} from './lifecycle-error.ts';
import { convertToResult, mergeProcesses, processesFromMap, type Process } from './processes.ts';
import { readProcfile } from './procfile.ts';
import { runRelease } from './release.ts';
import { failureResultJson, resultJson, stagingInfoJson, stagingResult, type StagingResult } from './staging-result.ts';
import { runSupplyBuildpacks } from './supply.ts';

export type { BuilderOptions } from './builder-config.ts';
export type { DetectAttempt } from './detect.ts';

export interface BuildResult {
  exitCode: number;
  /** result.json as written (on success, or the failure form written after detect/supply). */
  metadata?: StagingResult;
  /** With `detectTrace`, once detection ran: every buildpack tried, in order. */
  detectTrace?: DetectAttempt[];
}

function environment(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

class Runner {
  readonly config: BuilderConfig;
  readonly dirs: BuildpackDirs;
  contentsDir = '';
  depsDir = '';
  profileDir = '';
  /** Set once detect/supply succeeded: from then on a failure still leaves a result.json. */
  detectedKey: string | undefined;
  detectOutput = '';
  /** What detection tried, once it ran. */
  detectAttempts: DetectAttempt[] | undefined;
  resultWritten = false;
  metadata: StagingResult | undefined;
  sbom: DropletSbomPlan | undefined;

  constructor(
    readonly options: BuilderOptions,
    readonly io: ScriptIo,
  ) {
    this.config = new BuilderConfig(options);
    this.dirs = { buildpacksDir: options.buildpacksDir, buildpacksDownloadDir: options.buildpacksDownloadDir };
  }

  async run(): Promise<void> {
    await this.setup();
    await this.goLikeLightning();
  }

  private async setup(): Promise<void> {
    try {
      await this.makeDirectories();
    } catch (error) {
      throw new LifecycleError('Failed to set up filesystem when generating droplet', error);
    }
    await this.downloadBuildpacks();
    await this.cleanCacheDir();
  }

  private async mkdirAll(path: string): Promise<void> {
    try {
      await mkdir(path, { recursive: true, mode: 0o755 });
    } catch (error) {
      throw new Error(pathErrorText('mkdir', (error as NodeJS.ErrnoException).path ?? path, error));
    }
  }

  private async makeDirectories(): Promise<void> {
    const o = this.options;
    await this.mkdirAll(dirname(o.outputDroplet));
    await this.mkdirAll(dirname(o.outputMetadata));
    await this.mkdirAll(this.config.finalCachePath());
    for (const key of this.config.supply) await this.mkdirAll(this.config.supplyCachePath(key));
    const parent = o.tempDir ?? tmpdir();
    try {
      this.contentsDir = await makeContentsDir(parent);
    } catch (error) {
      throw new Error(pathErrorText('mkdir', join(parent, 'contents'), error));
    }
    this.depsDir = join(this.contentsDir, 'deps');
    for (let i = 0; i <= this.config.supply.length; i += 1) await this.mkdirAll(join(this.depsDir, this.config.depsIndex(i)));
    this.profileDir = join(this.contentsDir, 'profile.d');
    await this.mkdirAll(this.profileDir);
    // Beside the contents dir, not in it: a supply writing there is the core's contract, not an escape from deps/<idx>.
    // Loaded only when asked: a staging through CF's contract does not pay for the SBOM code.
    if (o.outputSbom) {
      const { planDropletSbom } = await import('./droplet-sbom.ts');
      this.sbom = await planDropletSbom(o.buildDir, `${this.contentsDir}-installed`, this.io.env);
    }
  }

  private async downloadBuildpacks(): Promise<void> {
    for (const key of this.config.order) {
      const invalid = urlParseError(key);
      if (invalid) throw new Error(`Invalid buildpack url (${key}): ${invalid}`);
      if (!isAbsoluteUrl(key)) continue;
      await downloadBuildpack(key, buildpackInstallPath(key, this.dirs), {
        env: this.io.env,
        stdout: this.io.stdout,
        skipCertVerify: this.options.skipCertVerify,
      });
    }
  }

  private async cleanCacheDir(): Promise<void> {
    const cacheDir = this.options.buildArtifactsCacheDir;
    const needed = new Set([this.config.finalCachePath(), ...this.config.supply.map((k) => this.config.supplyCachePath(k))]);
    let entries: string[];
    try {
      entries = await readdir(cacheDir);
    } catch (error) {
      throw new Error(pathErrorText('open', cacheDir, error));
    }
    for (const entry of entries) {
      const path = join(cacheDir, entry);
      if (!needed.has(path)) await rm(path, { recursive: true, force: true });
    }
  }

  private async goLikeLightning(): Promise<void> {
    const o = this.options;
    let finalKey: string;
    let finalDir: string;
    if (o.skipDetect) {
      ({ key: finalKey, dir: finalDir } = await runSupplyBuildpacks(this.config, { buildDir: o.buildDir, depsDir: this.depsDir }, this.dirs, this.io, o.supplyWatch ?? 'off'));
    } else {
      const { detected, attempts } = await detect(this.config.order, o.buildDir, this.dirs, this.io, {
        trace: o.detectTrace ?? false,
        ...(o.buildpackNames ? { names: o.buildpackNames } : {}),
      });
      this.detectAttempts = attempts;
      // Without a match the trace goes under CF's message instead (build()).
      if (!detected) throw new LifecycleError(DETECT_FAIL_MSG);
      if (o.detectTrace) this.io.stdout.write(formatDetectTrace(attempts));
      ({ key: finalKey, dir: finalDir } = detected);
      this.detectOutput = detected.output;
    }
    this.detectedKey = finalKey;

    try {
      await runFinalize(this.config, finalDir, { buildDir: o.buildDir, depsDir: this.depsDir, profileDir: this.profileDir }, this.io, o.supplyWatch ?? 'off');
    } catch (error) {
      throw new LifecycleError(COMPILE_FAIL_MSG, error);
    }

    let processes: Process[] = [];
    for (let i = 0; i < this.config.supply.length; i += 1) {
      if (await exists(launchYmlPath(this.depsDir, i))) processes = mergeProcesses(processes, await readLaunchYml(this.depsDir, i));
    }
    processes = await this.processFinalBuildpack(finalDir, processes);

    const result = convertToResult(processes);
    if (!result.processTypes.web) {
      this.io.stderr.write('No start command specified by buildpack or via Procfile.\n');
      this.io.stderr.write('App will not start unless a command is provided at runtime.\n');
    }
    const buildpacks = await this.buildpacksMetadata();
    await writeFile(join(this.contentsDir, 'staging_info.yml'), stagingInfoJson(result, buildpacks));
    await writeFile(o.outputMetadata, resultJson(result, buildpacks));
    this.resultWritten = true;
    this.metadata = stagingResult(result, buildpacks);
    if (this.sbom && o.outputSbom) {
      // An addition: a droplet it cannot describe still stages.
      const { writeDropletSbom } = await import('./droplet-sbom.ts');
      await writeDropletSbom(this.sbom, { contentsDir: this.contentsDir, buildDir: o.buildDir, outputDir: o.outputSbom, env: this.io.env }).catch(
        (error: unknown) => this.io.stderr.write(`Could not write the droplet's SBOM: ${errorText(error)}\n`),
      );
    }

    await packageDroplet(
      {
        contentsDir: this.contentsDir,
        buildDir: o.buildDir,
        outputDroplet: o.outputDroplet,
        buildArtifactsCacheDir: o.buildArtifactsCacheDir,
        outputBuildArtifactsCache: o.keepCacheInPlace ? undefined : o.outputBuildArtifactsCache,
        fastDropletCompression: o.fastDropletCompression ?? false,
        moveBuildDir: o.moveBuildDir ?? false,
        ...(o.previousDroplet ? { previousDroplet: o.previousDroplet } : {}),
      },
      this.io,
    );
  }

  private async processFinalBuildpack(finalDir: string, processes: Process[]): Promise<Process[]> {
    const index = this.config.order.length - 1;
    if (await exists(launchYmlPath(this.depsDir, index))) {
      processes = mergeProcesses(processes, await readLaunchYml(this.depsDir, index));
    } else {
      let release: Array<[string, string]>;
      try {
        release = await runRelease(finalDir, this.options.buildDir, this.io);
      } catch (error) {
        throw new LifecycleError(RELEASE_FAIL_MSG, error);
      }
      processes = mergeProcesses(processes, processesFromMap(release));
    }
    let procfile: Array<[string, string]>;
    try {
      procfile = await readProcfile(this.options.buildDir);
    } catch (error) {
      throw new LifecycleError('Failed to read command from Procfile', error);
    }
    return mergeProcesses(processes, processesFromMap(procfile));
  }

  async buildpacksMetadata(): Promise<BuildpackMetadata[]> {
    if (this.options.skipDetect) {
      return Promise.all(this.config.order.map((key, i) => readDepsConfigYml(key, this.depsDir, this.config.depsIndex(i))));
    }
    const metadata = await readDepsConfigYml(this.detectedKey ?? '', this.depsDir, this.config.depsIndex(0));
    if (metadata.name === '') metadata.name = this.detectOutput;
    return [metadata];
  }

  /** §1.3.8: a failure after detect/supply still leaves result.json with the buildpacks' metadata. */
  async writeFailureResult(): Promise<StagingResult | undefined> {
    if (this.detectedKey === undefined || this.resultWritten) return undefined;
    try {
      const buildpacks = await this.buildpacksMetadata();
      await writeFile(this.options.outputMetadata, failureResultJson(buildpacks));
      return JSON.parse(failureResultJson(buildpacks)) as StagingResult;
    } catch {
      return undefined;
    }
  }

  async cleanUp(): Promise<void> {
    if (this.contentsDir) await rm(this.contentsDir, { recursive: true, force: true });
    if (this.sbom) await rm(this.sbom.recordsDir, { recursive: true, force: true });
  }
}

export async function build(options: BuilderOptions): Promise<BuildResult> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = environment(options.env ?? process.env);

  const invalid = validateOptions(options);
  if (invalid) {
    stderr.write(`${invalid}\n`);
    return { exitCode: 1 };
  }

  let platformOptions;
  try {
    platformOptions = parsePlatformOptions(env.VCAP_PLATFORM_OPTIONS);
  } catch (error) {
    stderr.write(`Invalid platform options: ${errorText(error)}`);
    return { exitCode: 3 };
  }
  if (platformOptions?.credhubUri) {
    try {
      const interpolated = await interpolateServiceRefs(platformOptions.credhubUri, env, {
        attempts: options.credhubConnectAttempts ?? 3,
        delayMs: options.credhubRetryDelay ?? 1000,
      });
      if (interpolated !== undefined) env.VCAP_SERVICES = interpolated;
    } catch (error) {
      stderr.write(`Unable to interpolate credhub refs: ${errorText(error)}`);
      return { exitCode: 4 };
    }
  }
  applyDatabaseUrl(env);

  const runner = new Runner(options, { env, stdout, stderr });
  const trace = (): Pick<BuildResult, 'detectTrace'> =>
    options.detectTrace && runner.detectAttempts ? { detectTrace: runner.detectAttempts } : {};
  try {
    await runner.run();
    return { exitCode: 0, ...(runner.metadata ? { metadata: runner.metadata } : {}), ...trace() };
  } catch (error) {
    const metadata = (await runner.writeFailureResult()) ?? runner.metadata;
    stderr.write(`${errorText(error)}\n`);
    const exitCode = exitCodeFromError(error);
    // bpkit's detection trace: on a 222 the buildpacks tried, under CF's message.
    if (exitCode === DETECT_FAIL_CODE && options.detectTrace && runner.detectAttempts && runner.detectedKey === undefined) {
      stderr.write(formatDetectAttempts(runner.detectAttempts));
    }
    return { exitCode, ...(metadata ? { metadata } : {}), ...trace() };
  } finally {
    await runner.cleanUp();
  }
}
