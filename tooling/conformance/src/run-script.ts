import { type ScriptRun, runBin } from '@bpkit/bundle';

export { type ScriptRun, runBin };

/** The last lines of a run's output, for failure messages. */
export function tail(run: ScriptRun, lines = 8): string {
  const all = `${run.stdout}${run.stderr}`.trimEnd().split('\n');
  const shown = all.slice(-lines).join('\n       ');
  return shown === '' ? '(no output)' : shown;
}

// A Node stack trace line: `    at fn (/path/file.cjs:1:2)` or `    at /path/file.cjs:1:2`.
const STACK_LINE = /^\s+at (?:.+ \()?\/?[^\s()]+:\d+:\d+\)?$/m;

/** CF's way to fail: an `**ERROR**` line, no stack trace, a non-zero exit. */
export function isCleanFailure(run: ScriptRun): boolean {
  const out = `${run.stdout}${run.stderr}`;
  return run.code !== 0 && !run.timedOut && out.includes('**ERROR**') && !STACK_LINE.test(out);
}
