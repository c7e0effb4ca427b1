// Entry point of dist/launcher.mjs (run as dist/launcher).
import { constants } from 'node:os';
import { launcherCli } from './launcher-cli.ts';
import { programName } from './program-name.ts';

const outcome = await launcherCli(process.argv.slice(2), { argv0: programName('launcher') });
if (typeof outcome === 'number') {
  process.exitCode = outcome;
} else {
  // Die of the same signal as the app, as the exec'd process would have; 128+n if it is ignored here.
  process.exitCode = 128 + (constants.signals[outcome] ?? 0);
  process.kill(process.pid, outcome);
}
