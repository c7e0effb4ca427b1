// cf's prompts over stdin (go-interact), for the commands that ask: delete-service, delete, and cups -p "a, b".
import { type Interface, createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CliError } from './cli-error.ts';

const out = (text: string): void => {
  process.stdout.write(text);
};

/**
 * cf's prompts over stdin (go-interact): on a terminal, typed input shows except for hidden answers; from a pipe,
 * the answer read is echoed (hidden ones as an empty line). A closed stdin fails as cf does: "EOF".
 */
export class Prompter {
  private rl: Interface | undefined;
  private readonly lines: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private closed = false;
  private muted = false;
  private readonly tty = !!process.stdin.isTTY;

  private open(): void {
    if (this.rl) return;
    const output = this.tty
      ? new Writable({
          write: (chunk, _encoding, done) => {
            if (!this.muted) process.stdout.write(chunk);
            done();
          },
        })
      : undefined;
    this.rl = createInterface({ input: process.stdin, ...(output ? { output } : {}), terminal: this.tty });
    this.rl.on('line', (line) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) waiting(line);
      else this.lines.push(line);
    });
    this.rl.on('close', () => {
      this.closed = true;
      this.waiting?.(undefined);
      this.waiting = undefined;
    });
    this.rl.on('SIGINT', () => {
      process.stdout.write('\n');
      process.exit(130);
    });
  }

  private next(): Promise<string | undefined> {
    if (this.lines.length > 0) return Promise.resolve(this.lines.shift());
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  async ask(prompt: string, hidden = false): Promise<string> {
    this.open();
    out(prompt);
    this.muted = hidden;
    const line = await this.next();
    this.muted = false;
    if (line === undefined) throw new CliError('EOF');
    if (!this.tty) out(`${hidden ? '' : line}\n`);
    else if (hidden) out('\n');
    return line;
  }

  /** go-interact's bool prompt with default no: y/yes, n/no or an empty line; anything else asks again. */
  async confirm(question: string): Promise<boolean> {
    for (;;) {
      const answer = await this.ask(`${question} [yN]: `);
      if (answer === 'y' || answer === 'yes') return true;
      if (answer === '' || answer === 'n' || answer === 'no') return false;
      out('invalid input (not y, n, yes, or no)\n');
    }
  }

  close(): void {
    this.rl?.close();
  }
}

export async function withPrompter<T>(fn: (p: Prompter) => Promise<T>): Promise<T> {
  const prompter = new Prompter();
  try {
    return await fn(prompter);
  } finally {
    prompter.close();
  }
}
