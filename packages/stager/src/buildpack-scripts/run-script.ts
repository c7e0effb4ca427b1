// Runs a buildpack script as exec.Command does in BAL: the file itself (its shebang decides the
// interpreter), the builder's environment and cwd, stderr passed through, stdout either passed
// through or captured. Failures become Go's error text (`exit status 1`, `fork/exec …: permission denied`).

import { spawn, type StdioOptions } from 'node:child_process';
import type { Writable } from 'node:stream';
import { exitErrorText, forkExecErrorText } from '../go-compat/go-errors.ts';
import { groupExited, groupStarted } from './script-groups.ts';

export interface ScriptIo {
  env: Record<string, string>;
  stdout: Writable;
  stderr: Writable;
}

export class ScriptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScriptError';
  }
}

function target(stream: Writable, fd: 1 | 2): 'inherit' | 'pipe' {
  // Handing the child our own fd keeps output ordering and speed identical to Go's os.Stdout.
  return stream === (fd === 1 ? process.stdout : process.stderr) ? 'inherit' : 'pipe';
}

/** Runs `file args…`; resolves with captured stdout when `capture` is set. Rejects with ScriptError. */
export function runScript(file: string, args: readonly string[], io: ScriptIo, capture = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdio: StdioOptions = ['ignore', capture ? 'pipe' : target(io.stdout, 1), target(io.stderr, 2)];
    let child;
    try {
      child = spawn(file, args, { env: io.env, stdio, detached: true });
    } catch (error) {
      reject(new ScriptError(forkExecErrorText(file, error)));
      return;
    }
    const pgid = child.pid;
    if (pgid !== undefined) groupStarted(pgid);
    const chunks: Buffer[] = [];
    if (child.stdout) {
      if (capture) child.stdout.on('data', (c: Buffer) => chunks.push(c));
      else child.stdout.on('data', (c: Buffer) => io.stdout.write(c));
    }
    child.stderr?.on('data', (c: Buffer) => io.stderr.write(c));
    let failed = false;
    child.once('error', (error) => {
      if (pgid !== undefined) groupExited(pgid);
      failed = true;
      reject(new ScriptError(forkExecErrorText(file, error)));
    });
    child.once('close', (code, signal) => {
      if (pgid !== undefined) groupExited(pgid);
      if (failed) return;
      if (code === 0) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(new ScriptError(exitErrorText(code, signal)));
    });
  });
}
