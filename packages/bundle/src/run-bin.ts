import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ScriptRun {
  /** Exit code; 128 + signal number when killed (a timeout kills with SIGKILL). */
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs `<bpDir>/bin/<name> ...args` as the builder does: no shell, the given environment only. */
export function runBin(bpDir: string, name: string, args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<ScriptRun> {
  return new Promise((resolve) => {
    const child = spawn(join(bpDir, 'bin', name), args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole process group: a phase's children must not outlive the check.
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // EACCES: not executable; ENOENT: missing. Reported the way a shell would.
      resolve({ code: error.code === 'EACCES' ? 126 : 127, stdout, stderr: `${stderr}${error.message}\n`, timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const signalled = signal ? 128 + (signal === 'SIGKILL' ? 9 : 15) : 1;
      resolve({ code: code ?? signalled, stdout, stderr, timedOut });
    });
  });
}
