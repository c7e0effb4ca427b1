import { AppStore, type AppRecord } from '@bpkit/platform';
import { CliError } from '../cli-error.ts';
import { parse } from '../command.ts';
import { dataDir } from '../locations.ts';

/** cf's header line for a command on one app: `Stopping app NAME in org local / space local as vcap...` */
export function inSpace(action: string): string {
  return `${action} in org local / space local as vcap...\n`;
}

/** The app a command names, or cf's `App 'NAME' not found.` */
export async function requireApp(dataDir: string, name: string): Promise<AppRecord> {
  const record = await new AppStore(dataDir).get(name);
  if (!record) throw new CliError(`App '${name}' not found`);
  return record;
}

/** Exactly `count` positionals, or cf's usage error. */
export function positionalArgs(command: string, positionals: string[], names: string[]): string[] {
  if (positionals.length !== names.length) {
    throw new CliError(`Incorrect Usage: the required argument${names.length > 1 ? 's' : ''} ${names.map((n) => `\`${n}\``).join(', ')} ${names.length > 1 ? 'were' : 'was'} not provided`, 1, true);
  }
  return positionals;
}

/** The common shape of a command on one app with no options but --data-dir: its arguments, data dir and record. */
export async function appCommandArgs(command: string, argv: string[], names: string[]): Promise<{ name: string; args: string[]; dir: string; record: AppRecord }> {
  const { values, positionals } = parse(argv, { 'data-dir': { type: 'string' } });
  const args = positionalArgs(command, positionals, names);
  const dir = dataDir(values['data-dir']);
  const name = args[0] as string;
  return { name, args, dir, record: await requireApp(dir, name) };
}
