import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliError } from './cli-error.ts';

export interface Command {
  name: string;
  /** Other names it runs under (cf's short forms: `cups`, `bs`, `s`...). */
  aliases?: string[];
  summary: string;
  usage: string;
  /** Extra help text: options table and examples. */
  help: string;
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with cf-style errors ("Incorrect Usage: ...") instead of Node's TypeError. */
export function parse<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`Incorrect Usage: ${(error as Error).message.replace(/^.*?: /, '')}`, 1, true);
  }
}

/** `-e KEY=VALUE` pairs into a record. */
export function envPairs(values: readonly string[] | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of values ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`Incorrect Usage: -e expects KEY=VALUE, got '${pair}'`, 1, true);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

/** cf's memory/disk units: 256M, 256MB, 1G, 1GB. */
export function megabytes(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\s*(M|MB|G|GB)$/i.exec(value.trim());
  if (!m) throw new CliError(`Incorrect Usage: ${flag} must be an amount with a unit: M, MB, G or GB (got '${value}')`, 1, true);
  const n = Number(m[1]);
  return /^g/i.test(m[2] as string) ? n * 1024 : n;
}

export function integer(value: string | undefined, flag: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CliError(`Incorrect Usage: ${flag} must be an integer >= ${min} (got '${value}')`, 1, true);
  return n;
}

/** The help line of every command that reads the local platform's state. */
export const DATA_DIR_HELP = '   --data-dir   Platform state directory (default $BPKIT_HOME or $XDG_DATA_HOME/bpkit)';
