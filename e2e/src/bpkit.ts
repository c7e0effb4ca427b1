import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BPKIT } from './workspace.ts';

export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh local platform: its own data dir, the workspace's buildpacks as system buildpacks. */
export async function freshPlatform(): Promise<NodeJS.ProcessEnv> {
  const home = await mkdtemp(join(tmpdir(), 'bpkit-home-'));
  return { ...process.env, BPKIT_HOME: home };
}

/** A finished command that must have succeeded; its output in the error otherwise. */
export function ok(f: Finished): Finished {
  if (f.code !== 0) throw new Error(`exit ${f.code}\n${f.stdout}\n${f.stderr}`);
  return f;
}

/** Runs a bpkit command to completion (in `cwd`, default this process's). */
export function bpkit(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BPKIT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export interface PushedApp {
  url: string;
  output: () => string;
  child: ChildProcess;
  stop(): Promise<Finished>;
}

/**
 * `bpkit push --attach` keeps the app in the foreground with its logs; resolves once it prints the route (the app
 * passed its health check), or rejects with the whole output if push ends first.
 */
export function pushApp(args: string[], env: NodeJS.ProcessEnv): Promise<PushedApp> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BPKIT, 'push', ...args, '--attach'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const closed = new Promise<Finished>((r) => child.on('close', (code) => r({ code: code ?? 1, stdout, stderr })));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /^routes:\s+(http:\/\/\S+)$/m.exec(stdout);
      if (m && !settled) {
        settled = true;
        resolve({
          url: m[1] as string,
          output: () => stdout + stderr,
          child,
          stop: async () => {
            child.kill('SIGINT');
            return closed;
          },
        });
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    void closed.then((f) => {
      if (!settled) {
        settled = true;
        reject(Object.assign(new Error(`push exited ${f.code}:\n${f.stdout}\n${f.stderr}`), { finished: f }));
      }
    });
  });
}
