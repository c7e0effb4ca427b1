import { supervise } from '@bpkit/platform';
import { type Command, DATA_DIR_HELP, parse } from '../command.ts';
import { dataDir } from '../locations.ts';
import { positionalArgs } from './app-target.ts';

/** Not for users: what `push` and `start` leave running to keep an app's instances up (see supervisor.ts). */
export const superviseCommand: Command = {
  name: '_supervise',
  summary: "Keep a pushed app's instances running (started by push and start)",
  usage: 'bpkit _supervise APP_NAME --data-dir DIR',
  help: `Options:\n${DATA_DIR_HELP}`,
  async run(argv) {
    const { values, positionals } = parse(argv, { 'data-dir': { type: 'string' } });
    const [name] = positionalArgs('_supervise', positionals, ['APP_NAME']) as [string];
    await supervise(dataDir(values['data-dir']), name);
    return 0;
  },
};
