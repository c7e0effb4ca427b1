import { readEvents, table } from '@bpkit/platform';
import { type Command, DATA_DIR_HELP } from '../command.ts';
import { appCommandArgs, inSpace } from './app-target.ts';

export const eventsCommand: Command = {
  name: 'events',
  summary: "Show an app's recent events: pushes, starts, stops, crashes (cf events)",
  usage: 'bpkit events APP_NAME',
  help: `Options:\n${DATA_DIR_HELP}`,
  async run(argv) {
    const { name, dir } = await appCommandArgs('events', argv, ['APP_NAME']);
    process.stdout.write(`${inSpace(`Getting events for app ${name}`)}\n`);
    const events = await readEvents(dir, name);
    if (events.length === 0) {
      process.stdout.write('No events for app found.\n');
      return 0;
    }
    const rows = [['time', 'event', 'actor', 'description'], ...events.map((e) => [e.time, e.event, e.actor, e.description])];
    process.stdout.write(`${table(rows).join('\n')}\n`);
    return 0;
  },
};
