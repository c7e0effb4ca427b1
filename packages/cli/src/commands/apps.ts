import { AppStore, appSummary, isRunning, readStatus, routes, runningCount, table } from '@bpkit/platform';
import { type Command, DATA_DIR_HELP, parse } from '../command.ts';
import { dataDir } from '../locations.ts';
import { inSpace, positionalArgs, requireApp } from './app-target.ts';

export const appsCommand: Command = {
  name: 'apps',
  summary: 'List all apps on the local platform (cf apps)',
  usage: 'bpkit apps',
  help: `Options:\n${DATA_DIR_HELP}`,
  async run(argv) {
    const { values } = parse(argv, { 'data-dir': { type: 'string' } });
    const dir = dataDir(values['data-dir']);
    process.stdout.write(inSpace('Getting apps'));
    const records = await new AppStore(dir).list();
    if (records.length === 0) {
      process.stdout.write('\nNo apps found\n');
      return 0;
    }
    const rows = [['name', 'requested state', 'processes', 'routes']];
    for (const record of records) {
      const running = await isRunning(dir, record);
      const status = running ? await readStatus(dir, record.name) : undefined;
      rows.push([record.name, running ? 'started' : 'stopped', `web:${runningCount(record, status)}/${record.instances}`, routes(record)]);
    }
    process.stdout.write(`\n${table(rows).join('\n')}\n`);
    return 0;
  },
};

export const appCommand: Command = {
  name: 'app',
  summary: "Show an app's state, instances and droplet (cf app)",
  usage: 'bpkit app APP_NAME',
  help: `Options:
   --guid       Print the app's guid only
${DATA_DIR_HELP}`,
  async run(argv) {
    const { values, positionals } = parse(argv, { guid: { type: 'boolean' }, 'data-dir': { type: 'string' } });
    const [name] = positionalArgs('app', positionals, ['APP_NAME']) as [string];
    const dir = dataDir(values['data-dir']);
    const record = await requireApp(dir, name);
    if (values.guid) {
      process.stdout.write(`${record.guid}\n`);
      return 0;
    }
    process.stdout.write(`${inSpace(`Showing health and status for app ${name}`)}\n`);
    const running = await isRunning(dir, record);
    process.stdout.write(appSummary(record, running ? await readStatus(dir, name) : undefined, running));
    return 0;
  },
};
