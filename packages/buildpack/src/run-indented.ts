import { type ExecOptions, exec } from '@bpkit/exec';
import type { Logger } from '@bpkit/log';

/**
 * Runs a build tool (npm, bundle, go) with its output streamed into the staging log, indented as libbuildpack's
 * command runner shows it. Resolves once the tool's last line is written, so the next log line follows it.
 */
export async function runIndented(
  log: Logger,
  file: string,
  args: readonly string[],
  options: Omit<ExecOptions, 'stdout' | 'stderr'> = {},
): Promise<void> {
  const out = log.indented();
  try {
    await exec(file, args, { ...options, stdout: out, stderr: out });
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
}
