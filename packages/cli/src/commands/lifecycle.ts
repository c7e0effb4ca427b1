import { builderMain, launcherMain } from '@bpkit/stager';
import type { Command } from '../command.ts';

export const builderCommand: Command = {
  name: 'builder',
  summary: "CF's staging builder, flag for flag (-buildDir, -buildpackOrder, -skipDetect, ...)",
  usage: 'bpkit builder -buildDir DIR -buildpackOrder KEYS [-skipDetect] [...]',
  help: 'Run `bpkit builder -help` for the flags; identical to the stager package\'s `builder` executable.',
  run: (argv) => builderMain(argv),
};

export const launcherCommand: Command = {
  name: 'launcher',
  summary: "CF's app launcher: launcher APP_DIR START_COMMAND METADATA",
  usage: 'bpkit launcher APP_DIR START_COMMAND METADATA',
  help: "Run from an extracted droplet's root; identical to the stager package's `launcher` executable.",
  run: (argv) => launcherMain(argv),
};
