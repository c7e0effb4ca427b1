import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { redact } from '@bpkit/log';
import { ExecError } from './exec-error.ts';

export interface ExecOptions {
  cwd?: string;
  /** The child's whole environment; defaults to process.env. Undefined values are dropped. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where the child's stdout goes; defaults to this process's stdout (exec) or is captured (output). */
  stdout?: Writable;
  /** Where the child's stderr goes; defaults to this process's stderr (exec) or is captured (output). */
  stderr?: Writable;
  /** Written to the child's stdin; without it stdin is /dev/null. */
  input?: string;
}

// Enough of stderr to explain a failure without holding a chatty compiler's whole output.
const STDERR_TAIL_BYTES = 64 * 1024;

/** Runs a program (no shell) and resolves when it exits 0; output is streamed. */
export async function exec(file: string, args: readonly string[], options: ExecOptions = {}): Promise<void> {
  await run(file, args, options, false);
}

/** Runs a program (no shell) and resolves with its stdout. */
export async function output(file: string, args: readonly string[], options: ExecOptions = {}): Promise<string> {
  return run(file, args, options, true);
}

function run(file: string, args: readonly string[], options: ExecOptions, capture: boolean): Promise<string> {
  const command = [file, ...args].join(' ');
  const env = definedOnly(options.env ?? process.env);
  const stdoutTarget: 'inherit' | 'pipe' = capture || options.stdout ? 'pipe' : 'inherit';

  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const stdoutChunks: Buffer[] = [];
    let stderrTail = Buffer.alloc(0);

    const child = spawn(file, args, {
      cwd: options.cwd,
      env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', stdoutTarget, 'pipe'],
    });

    const fail = (message: string, exitCode: number | null, signal: NodeJS.Signals | null, cause?: unknown): void => {
      if (settled) return;
      settled = true;
      const stderr = stderrTail.toString('utf8');
      reject(new ExecError(redact(message), { command, exitCode, signal, stderr, cause }));
    };

    child.on('error', (err: NodeJS.ErrnoException) => {
      fail(spawnErrorMessage(err, file, options.cwd), null, null, err);
    });

    if (child.stdout) {
      child.stdout.on('data', (chunk: Buffer) => {
        if (capture) stdoutChunks.push(chunk);
        options.stdout?.write(chunk);
      });
    }
    child.stderr?.on('data', (chunk: Buffer) => {
      if (options.stderr) options.stderr.write(chunk);
      else if (!capture) process.stderr.write(chunk);
      stderrTail = Buffer.concat([stderrTail, chunk]);
      if (stderrTail.length > STDERR_TAIL_BYTES) stderrTail = stderrTail.subarray(stderrTail.length - STDERR_TAIL_BYTES);
    });

    if (child.stdin) {
      // A child that exits without reading its input must not crash us with EPIPE.
      child.stdin.on('error', () => {});
      child.stdin.end(options.input);
    }

    child.on('close', (code, signal) => {
      if (settled) return;
      if (signal !== null) return fail(`${command}: signal: ${signal}`, null, signal);
      if (code !== 0) return fail(`${command}: exit status ${code}`, code, null);
      settled = true;
      resolve(Buffer.concat(stdoutChunks).toString('utf8'));
    });
  });
}

function spawnErrorMessage(err: NodeJS.ErrnoException, file: string, cwd: string | undefined): string {
  switch (err.code) {
    case 'ENOENT':
      // spawn reports a missing cwd as ENOENT of the program too; tell them apart.
      return cwd !== undefined && !dirExists(cwd)
        ? `working directory not found: ${cwd}`
        : `executable file not found: ${file}`;
    case 'EACCES':
      return `permission denied: ${file}`;
    default:
      return `${file}: ${err.message}`;
  }
}

function dirExists(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
