import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { createLogger, type Logger } from '@bpkit/log';
import { readBuildpackInfo, titleCase, type BuildpackInfo } from './buildpack-info.ts';
import type { DetectFn, FinalizeContext, FinalizeFn, SupplyContext, SupplyFn } from './context.ts';
import { DepDir } from './dep-dir.ts';
import { writeLaunchEnvironment } from './launch-environment.ts';
import { compileArgs, detectArgs, stagingArgs, UsageError, type StagingArgs } from './phase-args.ts';
import { RELEASE_FILE, releaseYaml } from './release.ts';
import { reportFailure } from './report-failure.ts';
import { stagingEnvironment } from './staging-environment.ts';
import { type Dependencies, lazyDependencies } from './dependencies.ts';
import { writeBuildpackMetadata } from './buildpack-metadata.ts';

/** What a phase reads and writes besides files; process.* in production, fakes in tests. */
export interface PhaseIO {
  stdout: Writable;
  stderr: Writable;
  /** Mutated in place: the staging environment is applied here so spawned tools see earlier buildpacks' deps. */
  env: Record<string, string | undefined>;
  /** The running program (argv[1]); the buildpack dir is its parent's parent unless $BUILDPACK_DIR is set. */
  script?: string;
}

/** Runs detect; resolves to the exit code. Errors go to stderr: detect's stdout is the detected name. */
export async function detectPhase(fn: DetectFn, argv: readonly string[], io: PhaseIO): Promise<number> {
  const log = createLogger({ stdout: io.stderr, env: io.env });
  try {
    const { buildDir } = detectArgs(argv);
    const buildpack = await readBuildpackInfo(io.env, io.script);
    const found = await fn({ buildDir, env: { ...io.env }, buildpack });
    if (found === false) return 1;
    io.stdout.write(found.replace(/\r?\n$/, '') + '\n');
    return 0;
  } catch (err) {
    return failure(io, log, 'Detect', err);
  }
}

export async function supplyPhase(fn: SupplyFn, argv: readonly string[], io: PhaseIO): Promise<number> {
  const log = createLogger({ stdout: io.stdout, env: io.env });
  try {
    const args = stagingArgs('supply', argv);
    const buildpack = await readBuildpackInfo(io.env, io.script);
    return await supplyFlow(fn, args, buildpack, io, log, { ...io.env });
  } catch (err) {
    return failure(io, log, 'Supply', err);
  }
}

export async function finalizePhase(fn: FinalizeFn, argv: readonly string[], io: PhaseIO): Promise<number> {
  const log = createLogger({ stdout: io.stdout, env: io.env });
  try {
    const args = stagingArgs('finalize', argv);
    const buildpack = await readBuildpackInfo(io.env, io.script);
    return await finalizeFlow(fn, args, buildpack, io, log, { ...io.env });
  } catch (err) {
    return failure(io, log, 'Finalize', err);
  }
}

/** bin/compile for platforms without supply/finalize: both flows in one process, deps inside the app. */
export async function compilePhase(supply: SupplyFn, finalize: FinalizeFn, argv: readonly string[], io: PhaseIO): Promise<number> {
  const log = createLogger({ stdout: io.stdout, env: io.env });
  try {
    const args = compileArgs(argv);
    const buildpack = await readBuildpackInfo(io.env, io.script);
    await mkdir(join(args.depsDir, args.depsIdx), { recursive: true });
    await mkdir(args.profileDir, { recursive: true });
    // Sorts before 000_multi-supply.sh, which needs DEPS_DIR at launch.
    const setDepsDir = join(args.profileDir, '0000_set-deps-dir.sh');
    await writeFile(setDepsDir, 'export DEPS_DIR=$HOME/.cloudfoundry\n', { mode: 0o755 });
    await chmod(setDepsDir, 0o755);
    io.env['DEPS_DIR'] = args.depsDir;
    // finalize starts from the same environment it would get as its own process.
    const base = { ...io.env };
    const supplied = await supplyFlow(supply, args, buildpack, io, log, base);
    if (supplied !== 0) return supplied;
    return await finalizeFlow(finalize, args, buildpack, io, log, base);
  } catch (err) {
    return failure(io, log, 'Compile', err);
  }
}

async function supplyFlow(
  fn: SupplyFn,
  args: StagingArgs,
  buildpack: BuildpackInfo,
  io: PhaseIO,
  log: Logger,
  baseEnv: Record<string, string | undefined>,
): Promise<number> {
  try {
    log.beginStep(`${titleCase(buildpack.language)} Buildpack version ${buildpack.version}`);
    const ctx = await stagingContext(args, buildpack, io, log, baseEnv);
    await mkdir(ctx.depDir, { recursive: true });
    const result = await fn(ctx);
    await ctx.deps.writeConfigYml({ name: buildpack.language, version: buildpack.version, config: result?.config });
    // libbuildpack's supply ends by dropping app-cache downloads this staging did not use.
    await (await usedDependencies.get(args)?.())?.installer.cleanupAppCache();
    return 0;
  } catch (err) {
    return reportFailure(log, 'Supply', err);
  }
}

async function finalizeFlow(
  fn: FinalizeFn,
  args: StagingArgs,
  buildpack: BuildpackInfo,
  io: PhaseIO,
  log: Logger,
  baseEnv: Record<string, string | undefined>,
): Promise<number> {
  try {
    await mkdir(args.profileDir, { recursive: true });
    const ctx: FinalizeContext = { ...(await stagingContext(args, buildpack, io, log, baseEnv)), profileDir: args.profileDir };
    await mkdir(ctx.depDir, { recursive: true });
    const result = await fn(ctx);
    await writeLaunchEnvironment(args.depsDir, args.profileDir);
    await writeBuildpackMetadata(args.cacheDir, buildpack);
    const processes = result?.processes;
    if (processes && Object.keys(processes).length > 0) {
      const file = join(args.buildDir, RELEASE_FILE);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, releaseYaml(processes));
    }
    return 0;
  } catch (err) {
    return reportFailure(log, 'Finalize', err);
  }
}

const usedDependencies = new WeakMap<StagingArgs, () => Promise<Dependencies> | undefined>();

async function stagingContext(
  args: StagingArgs,
  buildpack: BuildpackInfo,
  io: PhaseIO,
  log: Logger,
  baseEnv: Record<string, string | undefined>,
): Promise<SupplyContext> {
  const env = await stagingEnvironment(args.depsDir, baseEnv);
  Object.assign(io.env, env);
  const depDir = join(args.depsDir, args.depsIdx);
  const dependencies = lazyDependencies({
    buildpackDir: buildpack.dir,
    stack: env['CF_STACK'] ?? '',
    cacheDir: args.cacheDir,
    depsDir: args.depsDir,
    log,
    env,
  });
  usedDependencies.set(args, dependencies.used);
  return {
    buildDir: args.buildDir,
    cacheDir: args.cacheDir,
    depsDir: args.depsDir,
    depsIdx: args.depsIdx,
    depDir,
    stack: env['CF_STACK'] ?? '',
    env,
    buildpack,
    log,
    deps: new DepDir(depDir),
    dependencies: dependencies.get,
  };
}

function failure(io: PhaseIO, log: Logger, phase: string, err: unknown): number {
  if (err instanceof UsageError) {
    io.stderr.write(err.message + '\n');
    return 1;
  }
  return reportFailure(log, phase, err);
}
