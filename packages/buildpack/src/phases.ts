import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { createLogger, type Logger } from '@bpkit/log';
import { readBuildpackInfo, titleCase, type BuildpackInfo } from './buildpack-info.ts';
import { writeCompileDepsDir } from './compile-deps-dir.ts';
import type { DetectFn, FinalizeFn, SuppliedConfig, SupplyContext, SupplyFn } from './context.ts';
import { DepDir } from './dep-dir.ts';
import { lazyDependencies, type LazyDependencies } from './dependencies.ts';
import { writeLaunchEnvironment } from './launch-environment.ts';
import { compileArgs, detectArgs, stagingArgs, UsageError, type StagingArgs } from './phase-args.ts';
import { RELEASE_FILE, releaseYaml } from './release.ts';
import { reportFailure } from './report-failure.ts';
import { writeStagedByMetadata } from './staged-by-metadata.ts';
import { stagingEnvironment } from './staging-environment.ts';
import { readSuppliedConfig } from './supplied-config.ts';
import { writeContributions } from './write-contributions.ts';

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

export function supplyPhase<C extends SuppliedConfig>(fn: SupplyFn<C>, argv: readonly string[], io: PhaseIO): Promise<number> {
  return stagingPhase('Supply', argv, io, async (args, buildpack, log) => {
    await supplyFlow(fn, args, buildpack, io, log, { ...io.env });
  });
}

export function finalizePhase<C extends SuppliedConfig>(fn: FinalizeFn<C>, argv: readonly string[], io: PhaseIO): Promise<number> {
  return stagingPhase('Finalize', argv, io, async (args, buildpack, log) => {
    const supplied = await readSuppliedConfig<C>(join(args.depsDir, args.depsIdx));
    await finalizeFlow(fn, supplied, args, buildpack, io, log, { ...io.env });
  });
}

/** bin/compile for platforms without supply/finalize: both flows in one process, deps inside the app. */
export function compilePhase<C extends SuppliedConfig>(
  supply: SupplyFn<C>,
  finalize: FinalizeFn<C>,
  argv: readonly string[],
  io: PhaseIO,
): Promise<number> {
  return stagingPhase('Compile', argv, io, async (args, buildpack, log) => {
    await mkdir(join(args.depsDir, args.depsIdx), { recursive: true });
    await mkdir(args.profileDir, { recursive: true });
    await writeCompileDepsDir(args.profileDir);
    io.env['DEPS_DIR'] = args.depsDir;
    // finalize starts from the same environment it would get as its own process.
    const base = { ...io.env };
    const supplied = await supplyFlow(supply, args, buildpack, io, log, base);
    await finalizeFlow(finalize, supplied, args, buildpack, io, log, base);
  });
}

type StagingPhase = 'Supply' | 'Finalize' | 'Compile';

/** Argument parsing and the failure report every staging phase shares; resolves to the exit code. */
async function stagingPhase(
  phase: StagingPhase,
  argv: readonly string[],
  io: PhaseIO,
  run: (args: StagingArgs, buildpack: BuildpackInfo, log: Logger) => Promise<void>,
): Promise<number> {
  const log = createLogger({ stdout: io.stdout, env: io.env });
  try {
    const args = phase === 'Compile' ? compileArgs(argv) : stagingArgs(phase === 'Supply' ? 'supply' : 'finalize', argv);
    const buildpack = await readBuildpackInfo(io.env, io.script);
    await run(args, buildpack, log);
    return 0;
  } catch (err) {
    return failure(io, log, phase === 'Compile' ? stepOf(err) : phase, err);
  }
}

// Compile reports which of its two flows failed, as a separate supply or finalize would.
class FlowFailure extends Error {
  constructor(
    readonly phase: 'Supply' | 'Finalize',
    readonly error: unknown,
  ) {
    super(String(error));
  }
}
const stepOf = (err: unknown): string => (err instanceof FlowFailure ? err.phase : 'Compile');

async function supplyFlow<C extends SuppliedConfig>(
  fn: SupplyFn<C>,
  args: StagingArgs,
  buildpack: BuildpackInfo,
  io: PhaseIO,
  log: Logger,
  baseEnv: Record<string, string | undefined>,
): Promise<Partial<C>> {
  try {
    log.beginStep(`${titleCase(buildpack.language)} Buildpack version ${buildpack.version}`);
    const { ctx, dependencies } = await stagingContext(args, buildpack, io, log, baseEnv);
    await mkdir(ctx.depDir, { recursive: true });
    const result = (await fn(ctx)) ?? {};
    await writeContributions(ctx.deps, buildpack.language, result);
    await ctx.deps.writeConfigYml({ name: buildpack.language, version: buildpack.version, config: result.config });
    // libbuildpack's supply ends by dropping app-cache downloads this staging did not use.
    await dependencies.cleanupAppCache();
    return result.config ?? {};
  } catch (err) {
    throw new FlowFailure('Supply', err);
  }
}

async function finalizeFlow<C extends SuppliedConfig>(
  fn: FinalizeFn<C>,
  supplied: Partial<C>,
  args: StagingArgs,
  buildpack: BuildpackInfo,
  io: PhaseIO,
  log: Logger,
  baseEnv: Record<string, string | undefined>,
): Promise<void> {
  try {
    await mkdir(args.profileDir, { recursive: true });
    const { ctx } = await stagingContext(args, buildpack, io, log, baseEnv);
    await mkdir(ctx.depDir, { recursive: true });
    const result = (await fn({ ...ctx, profileDir: args.profileDir, supplied })) ?? {};
    await writeContributions(ctx.deps, buildpack.language, result);
    await writeLaunchEnvironment(args.depsDir, args.profileDir);
    await writeStagedByMetadata(args.cacheDir, buildpack);
    const processes = result.processes;
    if (processes && Object.keys(processes).length > 0) {
      const file = join(args.buildDir, RELEASE_FILE);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, releaseYaml(processes));
    }
  } catch (err) {
    throw new FlowFailure('Finalize', err);
  }
}

async function stagingContext(
  args: StagingArgs,
  buildpack: BuildpackInfo,
  io: PhaseIO,
  log: Logger,
  baseEnv: Record<string, string | undefined>,
): Promise<{ ctx: SupplyContext; dependencies: LazyDependencies }> {
  const env = await stagingEnvironment(args.depsDir, baseEnv);
  Object.assign(io.env, env);
  const depDir = join(args.depsDir, args.depsIdx);
  const stack = env['CF_STACK'] ?? '';
  const dependencies = lazyDependencies({ buildpackDir: buildpack.dir, buildDir: args.buildDir, stack, cacheDir: args.cacheDir, depsDir: args.depsDir, log, env });
  const ctx: SupplyContext = {
    buildDir: args.buildDir,
    cacheDir: args.cacheDir,
    depsDir: args.depsDir,
    depsIdx: args.depsIdx,
    depDir,
    stack,
    env,
    buildpack,
    log,
    deps: new DepDir(depDir),
    dependencies: dependencies.get,
  };
  return { ctx, dependencies };
}

function failure(io: PhaseIO, log: Logger, phase: string, err: unknown): number {
  const cause = err instanceof FlowFailure ? err.error : err;
  if (cause instanceof UsageError) {
    io.stderr.write(cause.message + '\n');
    return 1;
  }
  return reportFailure(log, phase, cause);
}
