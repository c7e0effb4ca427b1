import { constants } from 'node:os';
import { builderCli, interruptible, launcherCli } from '@bpkit/stager';
import type { Command } from '../command.ts';

export const builderCommand: Command = {
  name: 'builder',
  summary: "CF's staging builder, flag for flag (-buildDir, -buildpackOrder, -skipDetect, ...)",
  usage: 'bpkit builder -buildDir DIR -buildpackOrder KEYS [-skipDetect] [...]',
  help:
    "Run `bpkit builder -help` for CF's flags; the same code as the stager package's `builder` executable.\n" +
    "bpkit adds -detectTrace (not in -help, so CF's usage text stays byte for byte): after detect, every buildpack\n" +
    "tried, in order, with its exit code and reason, also under CF's message when none detects.",
  run: async (argv) => {
    const { value, interrupted } = await interruptible(() => builderCli(argv));
    return interrupted ?? value;
  },
};

export const launcherCommand: Command = {
  name: 'launcher',
  summary: "CF's app launcher: launcher APP_DIR START_COMMAND METADATA",
  usage: 'bpkit launcher APP_DIR START_COMMAND METADATA',
  help: "Run from an extracted droplet's root; the same code as the stager package's `launcher` executable.",
  async run(argv) {
    const outcome = await launcherCli(argv, { argv0: 'launcher' });
    if (typeof outcome === 'number') return outcome;
    // Die of the app's signal, as CF's exec'd launcher would.
    process.kill(process.pid, outcome);
    return 128 + (constants.signals[outcome] ?? 0);
  },
};
