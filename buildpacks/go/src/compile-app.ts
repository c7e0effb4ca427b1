import { BuildpackError, type FinalizeContext, displayCommand, runIndented } from '@bpkit/buildpack';
import { ExecError } from '@bpkit/exec';
import { EXIT } from './exit-codes.ts';

// What go prints when a module's requirements are neither in vendor/ nor fetchable from here.
const UNREACHABLE_DEPENDENCY = [
  /dial tcp: lookup \S+/,
  /module lookup disabled by GOPROXY=off/,
  /missing go\.sum entry/,
  /no required module provides package/,
  /cannot find module providing package/,
  /inconsistent vendoring/,
  /is not in vendor\/modules\.txt/,
  /updates to go\.mod needed/,
  /(?:connection refused|i\/o timeout|no such host)/,
];

/** The first line of go's output that says a dependency could not be had, if any. */
export function unreachableDependency(output: string): string | undefined {
  for (const line of output.split('\n')) {
    if (UNREACHABLE_DEPENDENCY.some((re) => re.test(line))) return line.trim();
  }
  return undefined;
}

export interface CompileOptions {
  goBinary: string;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** The module or import path, for the error messages. */
  mainPackage: string;
  /** vendor/ holds the module's dependencies (go.mod + vendor/modules.txt), or the workspace's (`go work vendor`). */
  vendored: boolean;
  /** go builds in workspace mode (go.work), where only `go work vendor` vendors. */
  workspace?: boolean;
}

/** What to do about dependencies go could neither find in vendor/ nor fetch. */
function vendorAdvice(options: CompileOptions): string {
  if (options.workspace) {
    return options.vendored
      ? 'vendor/ does not match the workspace: run `go work vendor` and push the updated vendor/ directory with the app.'
      : 'In workspace mode go reads only the vendor/ directory `go work vendor` (Go 1.22+) makes beside go.work: run it and push vendor/ with the app, set GOWORK=off to build the root module with its own vendor/, or stage where the module proxy is reachable.';
  }
  return options.vendored
    ? 'vendor/ does not match go.mod: run `go mod vendor` and push the updated vendor/ directory with the app.'
    : 'Run `go mod vendor` and push the vendor/ directory with the app, or stage where the module proxy is reachable.';
}

/**
 * `-----> Running: go install …`, the compiler's output streamed indented, and a CF-style error
 * that says what went wrong: unreachable module dependencies get their own message and fix.
 */
export async function compileApp(ctx: FinalizeContext, options: CompileOptions): Promise<void> {
  ctx.log.beginStep(`Running: ${displayCommand(['go', ...options.args])}`);
  try {
    await runIndented(ctx.log, options.goBinary, options.args, { cwd: options.cwd, env: options.env });
  } catch (err) {
    // go reports what it could not fetch on stderr, whose tail the error keeps.
    const missing = err instanceof ExecError ? unreachableDependency(err.stderr) : undefined;
    if (missing) {
      throw new BuildpackError(
        `Unable to compile application: the dependencies of ${options.mainPackage} are neither vendored nor reachable\n(${missing}).\n${vendorAdvice(options)}`,
        { exitCode: EXIT.compile, cause: err },
      );
    }
    const status = err instanceof ExecError && err.exitCode !== null ? `exit status ${err.exitCode}` : (err as Error).message;
    throw new BuildpackError(`Unable to compile application: ${status}`, { exitCode: EXIT.compile, cause: err });
  }
}
