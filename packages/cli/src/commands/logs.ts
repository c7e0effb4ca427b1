import { followLogs, logEnd, recentLogs } from '@bpkit/platform';
import { type Command, DATA_DIR_HELP, parse } from '../command.ts';
import { dataDir } from '../locations.ts';
import { inSpace, positionalArgs, requireApp } from './app-target.ts';

export const logsCommand: Command = {
  name: 'logs',
  summary: "Stream an app's logs, or show its recent ones (cf logs)",
  usage: 'bpkit logs APP_NAME [--recent]',
  help: `Options:
   --recent     Dump the recent logs (staging and app) instead of streaming; exits at once
${DATA_DIR_HELP}

Streaming goes on until Ctrl-C.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { recent: { type: 'boolean' }, 'data-dir': { type: 'string' } });
    const [name] = positionalArgs('logs', positionals, ['APP_NAME']) as [string];
    const dir = dataDir(values['data-dir']);
    await requireApp(dir, name);
    // Streaming starts where the log ends before the header is shown: nothing after it is missed.
    const from = await logEnd(dir, name);
    process.stdout.write(`${inSpace(`Retrieving logs for app ${name}`)}\n`);
    if (values.recent) {
      process.stdout.write(await recentLogs(dir, name));
      return 0;
    }
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    process.once('SIGTERM', () => stop.abort());
    await followLogs(dir, name, from, (text) => process.stdout.write(text), stop.signal);
    return 0;
  },
};
