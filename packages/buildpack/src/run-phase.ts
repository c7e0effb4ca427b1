import type { Writable } from 'node:stream';
import type { DetectFn, FinalizeFn, SupplyFn } from './context.ts';
import { compilePhase, detectPhase, finalizePhase, supplyPhase, type PhaseIO } from './phases.ts';

// These are the entry points of the bundled bin/* programs: they own the process's exit.

export async function runDetect(fn: DetectFn, argv: readonly string[] = process.argv.slice(2)): Promise<never> {
  return exitWith(await detectPhase(fn, argv, processIO()));
}

export async function runSupply(fn: SupplyFn, argv: readonly string[] = process.argv.slice(2)): Promise<never> {
  return exitWith(await supplyPhase(fn, argv, processIO()));
}

export async function runFinalize(fn: FinalizeFn, argv: readonly string[] = process.argv.slice(2)): Promise<never> {
  return exitWith(await finalizePhase(fn, argv, processIO()));
}

export async function runCompile(
  supply: SupplyFn,
  finalize: FinalizeFn,
  argv: readonly string[] = process.argv.slice(2),
): Promise<never> {
  return exitWith(await compilePhase(supply, finalize, argv, processIO()));
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
async function exitWith(code: number): Promise<never> {
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
