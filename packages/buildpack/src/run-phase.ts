import type { Writable } from 'node:stream';
import { createLogger } from '@bpkit/log';
import type { DetectFn, FinalizeFn, SupplyFn } from './context.ts';
import { compilePhase, detectPhase, finalizePhase, supplyPhase, type PhaseIO } from './phases.ts';
import { reportFailure } from './report-failure.ts';

// These are the entry points of the bundled bin/* programs: they own the process's exit.

export async function runDetect(fn: DetectFn, argv: readonly string[] = process.argv.slice(2)): Promise<never> {
  guardProcess('Detect', process.stderr);
  return exitWith(await detectPhase(fn, argv, processIO()));
}

export async function runSupply(fn: SupplyFn, argv: readonly string[] = process.argv.slice(2)): Promise<never> {
  guardProcess('Supply', process.stdout);
  return exitWith(await supplyPhase(fn, argv, processIO()));
}

export async function runFinalize(fn: FinalizeFn, argv: readonly string[] = process.argv.slice(2)): Promise<never> {
  guardProcess('Finalize', process.stdout);
  return exitWith(await finalizePhase(fn, argv, processIO()));
}

export async function runCompile(
  supply: SupplyFn,
  finalize: FinalizeFn,
  argv: readonly string[] = process.argv.slice(2),
): Promise<never> {
  guardProcess('Compile', process.stdout);
  return exitWith(await compilePhase(supply, finalize, argv, processIO()));
}

// Once set, the phase has failed, even if its own promise goes on to resolve.
let strayFailure: number | undefined;

/**
 * An exception thrown outside the phase's own promise chain (a library's socket handler, a stray timer) would
 * otherwise end the program with Node's stack trace. It ends like any other failure instead: one `**ERROR**`
 * line, the stack only under BP_DEBUG, and a failing exit code.
 */
function guardProcess(phase: string, stdout: Writable): void {
  const fail = (err: unknown): void => {
    // Only the first is reported; a second while output drains must not print Node's stack either.
    if (strayFailure !== undefined) return;
    strayFailure = reportFailure(createLogger({ stdout, env: process.env }), phase, err);
    void exitWith(strayFailure);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}

function processIO(): PhaseIO {
  const io: PhaseIO = { stdout: process.stdout, stderr: process.stderr, env: process.env };
  if (process.argv[1] !== undefined) io.script = process.argv[1];
  return io;
}

/**
 * Sets the exit code, waits until stdout/stderr have handed everything to the OS (pipes are
 * asynchronous: exiting straight away loses output), then exits. A natural exit is not enough:
 * a keep-alive socket or a stray timer left by a dependency would hang staging.
 */
async function exitWith(outcome: number): Promise<never> {
  const code = strayFailure ?? outcome;
  process.exitCode = code;
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) return resolve();
    stream.write('', () => resolve());
  });
}
