// Entry point of dist/launcher.mjs.
import { constants } from 'node:os';
import { launcherCli } from './launcher-cli.ts';

const outcome = await launcherCli(process.argv.slice(2), { argv0: process.argv[1] ?? 'launcher' });
if (typeof outcome === 'number') {
  process.exitCode = outcome;
} else {
  // Die of the same signal as the app, as the exec'd process would have; 128+n if it is ignored here.
  process.exitCode = 128 + (constants.signals[outcome] ?? 0);
  process.kill(process.pid, outcome);
}
