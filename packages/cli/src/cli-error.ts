/** A usage or user error: printed as the cf CLI does (message, then FAILED), never with a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly showUsage = false,
  ) {
    super(message);
  }
}
