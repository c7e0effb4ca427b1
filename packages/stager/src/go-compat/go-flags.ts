// Go's flag package, as BAL's builder and launcher parse their arguments: `-name value`, `-name=value`,
// `--name`, booleans as `-name` or `-name=false`, parsing stops at the first non-flag argument, and
// errors print the message plus `Usage of <set>:` with the defaults, then exit 2 (ExitOnError).

import { formatGoDuration, parseGoDuration } from './go-duration.ts';

type FlagKind = 'string' | 'bool' | 'int' | 'duration';

export interface FlagDefinition {
  name: string;
  kind: FlagKind;
  usage: string;
  /** Go's DefValue text, e.g. `/tmp/app`, `false`, `3`, `1s`. */
  defaultValue: string;
}

export type FlagValue = string | boolean | number;

export class FlagParseError extends Error {
  /** Go's ExitOnError exit code: 0 for -h/-help, 2 otherwise. */
  constructor(
    message: string,
    readonly exitCode: number,
    readonly output: string,
  ) {
    super(message);
    this.name = 'FlagParseError';
  }
}

function parseValue(def: FlagDefinition, text: string): FlagValue {
  switch (def.kind) {
    case 'string':
      return text;
    case 'bool': {
      if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
      if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
      throw new Error('parse error');
    }
    case 'int': {
      const n = parseGoInt(text);
      if (n === undefined) throw new Error('parse error');
      if (!Number.isSafeInteger(n)) throw new Error('value out of range');
      return n;
    }
    case 'duration':
      try {
        return parseGoDuration(text);
      } catch {
        throw new Error('parse error');
      }
  }
}

/** strconv.ParseInt(s, 0, 64): optional sign, 0x/0o/0b/0 prefixes, underscores only with a prefix. */
function parseGoInt(text: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  let body = m[2] as string;
  if (body.includes('_') && (!/^0/.test(body) || /__|_$/.test(body))) return undefined;
  body = body.replace(/_/g, '');
  let value: number;
  if (/^0[xX]/.test(body)) value = parseInt(body.slice(2), 16);
  else if (/^0[oO]/.test(body)) value = parseInt(body.slice(2), 8);
  else if (/^0[bB]/.test(body)) value = parseInt(body.slice(2), 2);
  else if (body.length > 1 && body.startsWith('0')) value = parseInt(body.slice(1), 8);
  else value = parseInt(body, 10);
  return Number.isNaN(value) ? undefined : sign * value;
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

export class FlagSet {
  private readonly defs = new Map<string, FlagDefinition>();
  private readonly values = new Map<string, FlagValue>();

  constructor(readonly name: string) {}

  define(def: FlagDefinition): this {
    this.defs.set(def.name, def);
    this.values.set(def.name, parseValue(def, def.defaultValue));
    return this;
  }

  get(name: string): FlagValue {
    const v = this.values.get(name);
    if (v === undefined) throw new Error(`flag ${name} is not defined`);
    return v;
  }

  /** Go's flag.Value.String() of the current value. */
  text(name: string): string {
    const def = this.defs.get(name);
    const v = this.get(name);
    if (def?.kind === 'duration') return formatGoDuration(v as number);
    return String(v);
  }

  /** Names in lexicographical order, as VisitAll walks them. */
  names(): string[] {
    return [...this.defs.keys()].sort();
  }

  /** `Usage of <name>:` followed by PrintDefaults. */
  usage(): string {
    let out = `Usage of ${this.name}:\n`;
    for (const name of this.names()) {
      const def = this.defs.get(name) as FlagDefinition;
      let line = `  -${name}`;
      const typeName = def.kind === 'bool' ? '' : def.kind === 'duration' ? 'duration' : def.kind;
      if (typeName) line += ` ${typeName}`;
      line += line.length <= 4 ? '\t' : '\n    \t';
      line += def.usage.replaceAll('\n', '\n    \t');
      if (!isZeroValue(def)) line += def.kind === 'string' ? ` (default ${goQuote(def.defaultValue)})` : ` (default ${def.defaultValue})`;
      out += `${line}\n`;
    }
    return out;
  }

  /** Parses like FlagSet.Parse; returns the remaining arguments. */
  parse(args: readonly string[]): string[] {
    let i = 0;
    while (i < args.length) {
      const arg = args[i] as string;
      if (arg.length < 2 || arg[0] !== '-') break;
      let numMinuses = 1;
      if (arg[1] === '-') {
        numMinuses = 2;
        if (arg.length === 2) {
          i += 1;
          break;
        }
      }
      let name = arg.slice(numMinuses);
      if (name.length === 0 || name[0] === '-' || name[0] === '=') this.fail(`bad flag syntax: ${arg}`);
      i += 1;
      let value: string | undefined;
      const eq = name.indexOf('=');
      if (eq >= 1) {
        value = name.slice(eq + 1);
        name = name.slice(0, eq);
      }
      const def = this.defs.get(name);
      if (!def) {
        if (name === 'help' || name === 'h') throw new FlagParseError('flag: help requested', 0, this.usage());
        this.fail(`flag provided but not defined: -${name}`);
      }
      if (def.kind === 'bool') {
        this.set(def, value ?? 'true', name);
        continue;
      }
      if (value === undefined) {
        if (i >= args.length) this.fail(`flag needs an argument: -${name}`);
        value = args[i] as string;
        i += 1;
      }
      this.set(def, value, name);
    }
    return args.slice(i);
  }

  private set(def: FlagDefinition, value: string, name: string): void {
    try {
      this.values.set(def.name, parseValue(def, value));
    } catch (error) {
      const reason = (error as Error).message;
      if (def.kind === 'bool' ) this.fail(`invalid boolean value ${goQuote(value)} for -${name}: ${reason}`);
      this.fail(`invalid value ${goQuote(value)} for flag -${name}: ${reason}`);
    }
  }

  private fail(message: string): never {
    throw new FlagParseError(message, 2, `${message}\n${this.usage()}`);
  }
}

function isZeroValue(def: FlagDefinition): boolean {
  switch (def.kind) {
    case 'string':
      return def.defaultValue === '';
    case 'bool':
      return def.defaultValue === 'false';
    case 'int':
      return def.defaultValue === '0';
    case 'duration':
      return def.defaultValue === '0s' || def.defaultValue === '0';
  }
}

/** The credhub flags CF's builder and launcher both take (credhub_flags in buildpackapplifecycle). */
export function withCredhubFlags(flags: FlagSet): FlagSet {
  return flags
    .define({
      name: 'credhubConnectAttempts',
      kind: 'int',
      usage: 'number of times that the credhub client will attempt to connect to credhub',
      defaultValue: '3',
    })
    .define({
      name: 'credhubRetryDelay',
      kind: 'duration',
      usage: 'delay duration that the credhub client will wait before retrying the connection to credhub',
      defaultValue: '1s',
    });
}
