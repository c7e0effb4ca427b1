import { join, resolve } from 'node:path';

export type Phase = 'detect' | 'supply' | 'finalize' | 'compile';

const USAGE: Record<Phase, string> = {
  detect: 'detect <build-dir>',
  supply: 'supply <build-dir> <cache-dir> <deps-dir> <deps-idx>',
  finalize: 'finalize <build-dir> <cache-dir> <deps-dir> <deps-idx> [<profile-dir>]',
  compile: 'compile <build-dir> <cache-dir>',
};

// compile tolerates Heroku's third ENV_DIR argument; CF passes two.
const ARITY: Record<Phase, readonly [number, number]> = {
  detect: [1, 1],
  supply: [4, 4],
  finalize: [4, 5],
  compile: [2, 3],
};

export interface StagingArgs {
  buildDir: string;
  cacheDir: string;
  depsDir: string;
  depsIdx: string;
  profileDir: string;
}

/** The line a phase prints on stderr (exit 1) when called with the wrong arguments. */
export function usageLine(phase: Phase): string {
  return `Usage: ${USAGE[phase]}`;
}

export class UsageError extends Error {
  constructor(phase: Phase) {
    super(usageLine(phase));
    this.name = 'UsageError';
  }
}

function checked(phase: Phase, argv: readonly string[]): readonly string[] {
  const [min, max] = ARITY[phase];
  if (argv.length < min || argv.length > max || argv.some((a) => a === '')) throw new UsageError(phase);
  return argv;
}

export function detectArgs(argv: readonly string[]): { buildDir: string } {
  const [build] = checked('detect', argv);
  return { buildDir: resolve(build as string) };
}

/** supply and finalize: the dirs exactly as the builder passes them; finalize's profile dir defaults as in libbuildpack. */
export function stagingArgs(phase: 'supply' | 'finalize', argv: readonly string[]): StagingArgs {
  const [build, cache, deps, idx, profile] = checked(phase, argv) as [string, string, string, string, string?];
  const buildDir = resolve(build);
  return {
    buildDir,
    cacheDir: resolve(cache),
    depsDir: resolve(deps),
    depsIdx: idx,
    profileDir: profile === undefined ? join(buildDir, '.profile.d') : resolve(profile),
  };
}

/** bin/compile on platforms without multi-buildpack: deps live inside the app as .cloudfoundry/0. */
export function compileArgs(argv: readonly string[]): StagingArgs {
  const [build, cache] = checked('compile', argv) as [string, string];
  const buildDir = resolve(build);
  return {
    buildDir,
    cacheDir: resolve(cache),
    depsDir: join(buildDir, '.cloudfoundry'),
    depsIdx: '0',
    profileDir: join(buildDir, '.profile.d'),
  };
}
