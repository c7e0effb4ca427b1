/** A command that could not start, exited non-zero, or died from a signal. */
export class ExecError extends Error {
  /** The command line as run (file and arguments joined by spaces). */
  readonly command: string;
  /** null when the command never started or was killed by a signal. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The tail of what the command wrote to stderr (also when it was streamed). */
  readonly stderr: string;

  constructor(
    message: string,
    details: { command: string; exitCode: number | null; signal: NodeJS.Signals | null; stderr: string; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ExecError';
    this.command = details.command;
    this.exitCode = details.exitCode;
    this.signal = details.signal;
    this.stderr = details.stderr;
  }
}
