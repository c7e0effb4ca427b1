import type { Logger } from '@bpkit/log';

/**
 * CF-style failure output: a BuildpackError's own message and exit code, anything else as
 * "<Phase> failed: <message>" with exit 1. Stacks only under BP_DEBUG (logger.debug is gated).
 * The logger redacts URL credentials in all of it.
 */
export function reportFailure(log: Logger, phase: string, err: unknown): number {
  let code = 1;
  if (isBuildpackError(err)) {
    log.error(err.message);
    code = validExitCode(err.exitCode);
  } else {
    log.error(`${phase} failed: ${messageOf(err)}`);
  }
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.stack) log.debug(depth === 0 ? e.stack : `Caused by: ${e.stack}`);
  }
  return code;
}

// Matched by name too, so an error from a second bundled copy of this package still counts.
function isBuildpackError(err: unknown): err is Error & { exitCode: number } {
  return err instanceof Error && err.name === 'BuildpackError' && typeof (err as { exitCode?: unknown }).exitCode === 'number';
}

// A failed phase must never look like success to the builder.
function validExitCode(code: number): number {
  return Number.isInteger(code) && code >= 1 && code <= 255 ? code : 1;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
