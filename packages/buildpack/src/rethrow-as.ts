import { BuildpackError } from './buildpack-error.ts';

/**
 * Runs a step whose failure the user must see in the buildpack's words: whatever it throws becomes
 * `**ERROR** <message>: <its message>` with the buildpack's exit code (CF's buildpacks wrap every step this way).
 */
export async function rethrowAs<T>(message: string, exitCode: number, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    throw new BuildpackError(`${message}: ${err instanceof Error ? err.message : String(err)}`, { exitCode, cause: err });
  }
}
