// `kill -9` of bpkit mid-staging must not leave a buildpack's `go build` running in the background nor
// the staging's work dir and half-written app cache behind. A killed process can clean up nothing itself,
// so a small detached watcher holds the read end of a pipe from us: it learns the scripts' process groups
// as they start and end, and when the pipe closes without a goodbye, we are dead: it kills those groups
// and removes the dirs.
import { spawn } from 'node:child_process';
import { watchScriptGroups } from '@bpkit/stager';

const WATCHER = `
const { rmSync } = require('node:fs');
const dirs = process.argv.slice(1);
const groups = new Set();
let done = false;
let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  for (let i; (i = buffered.indexOf('\\n')) >= 0; buffered = buffered.slice(i + 1)) {
    const line = buffered.slice(0, i);
    if (line === 'done') done = true;
    else if (line[0] === '+') groups.add(Number(line.slice(1)));
    else if (line[0] === '-') groups.delete(Number(line.slice(1)));
  }
});
const end = () => {
  if (done) return;
  for (const g of groups) { try { process.kill(-g, 'SIGKILL'); } catch {} }
  for (const d of dirs) { try { rmSync(d, { recursive: true, force: true }); } catch {} }
};
process.stdin.on('end', end);
process.stdin.on('error', end);
`;

export interface Watchdog {
  /** The watcher's pid: it outlives us only to clean up, so it keeps the app's staging lock meanwhile. */
  readonly pid: number | undefined;
  /** Staging is over, one way or the other: the watcher leaves everything as it is. */
  stop(): void;
}

/**
 * Watches this staging on behalf of `dirs` (the work dir, the app cache being written, then the staging
 * lock: removed in this order, so the lock goes only once the rest is gone).
 */
export function startWatchdog(dirs: string[]): Watchdog {
  const watcher = spawn(process.execPath, ['-e', WATCHER, ...dirs], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  watcher.on('error', () => undefined);
  watcher.stdin.on('error', () => undefined);
  watcher.unref();
  const unwatch = watchScriptGroups(({ kind, pgid }) => watcher.stdin.write(`${kind === 'start' ? '+' : '-'}${pgid}\n`));
  return {
    pid: watcher.pid,
    stop() {
      unwatch();
      watcher.stdin.end('done\n');
    },
  };
}
