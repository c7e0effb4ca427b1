import type { Writable } from 'node:stream';
import { indent, INDENT } from './indent.ts';
import { IndentedWriter } from './indented-writer.ts';
import { redact } from './redact.ts';

export interface Logger {
  /** `-----> message` */
  beginStep(message: string): void;
  /** 7 spaces + message */
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** Printed only when BP_DEBUG is non-empty. */
  debug(message: string): void;
  protip(tip: string, url: string): void;
  /** A stream for child output: each line indented by 7 spaces, URL credentials redacted. */
  indented(): Writable;
  readonly stdout: Writable;
}

export interface LoggerOptions {
  /** Defaults to process.stdout: libbuildpack logs everything to stdout. */
  stdout?: Writable;
  /** Read at each debug() call; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

const RED = '\x1b[31;1m';
const BLUE = '\x1b[34;1m';
const RESET = '\x1b[0m';

export function createLogger(options: LoggerOptions = {}): Logger {
  const stdout = options.stdout ?? process.stdout;
  const env = options.env ?? process.env;
  const writers = new Set<IndentedWriter>();

  const print = (header: string, message: string): void => {
    for (const w of writers) w.settle();
    stdout.write(header + indent(redact(message)) + '\n');
  };

  return {
    stdout,
    beginStep: (message) => print('-----> ', message),
    info: (message) => print(INDENT, message),
    warning: (message) => print(`${INDENT}${RED}**WARNING**${RESET} `, message),
    error: (message) => print(`${INDENT}${RED}**ERROR**${RESET} `, message),
    debug: (message) => {
      if (env['BP_DEBUG']) print(`${INDENT}${BLUE}DEBUG:${RESET} `, message);
    },
    protip: (tip, url) => {
      print(`${INDENT}${BLUE}PRO TIP:${RESET} `, tip);
      print(INDENT, `Visit ${url}`);
    },
    indented: () => {
      const w = new IndentedWriter(stdout, (done) => writers.delete(done));
      writers.add(w);
      return w;
    },
  };
}
