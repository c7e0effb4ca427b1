import { type ChildProcess, execFile, spawn } from 'node:child_process';
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

/** Every process with its parent, group and command line: what a hung push leaves to look at. */
function processList(): Promise<string> {
  return new Promise((resolve) => {
    execFile('ps', ['-eo', 'pid,ppid,pgid,etimes,args'], { maxBuffer: 8 << 20 }, (_err, out) => resolve(String(out ?? '')));
  });
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
        clearTimeout(stuck);
        resolve({
          url: m[1] as string,
          output: () => stdout + stderr,
          child,
          stop: async () => {
            child.kill('SIGINT');
            // A stop that never ends hangs the test until its timeout with nothing to show: after 30 s, say what
            // still runs (what holds push's pipes open) and what push printed.
            const timer = setTimeout(() => {
              void processList().then((ps) => {
                child.kill('SIGKILL');
                console.error(`push did not end 30 s after SIGINT.\n${stdout}\n${stderr}\nprocesses:\n${ps}`);
              });
            }, 30_000);
            const finished = await closed;
            clearTimeout(timer);
            return finished;
          },
        });
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The same for a push that neither starts the app nor ends (a lock never released, a health check never met).
    const stuck = setTimeout(() => {
      if (settled) return;
      void processList().then((ps) => console.error(`push has not started the app after 150 s.\n${stdout}\n${stderr}\nprocesses:\n${ps}`));
    }, 150_000);
    void closed.then(() => clearTimeout(stuck));
    void closed.then((f) => {
      if (!settled) {
        settled = true;
        reject(Object.assign(new Error(`push exited ${f.code}:\n${f.stdout}\n${f.stderr}`), { finished: f }));
      }
    });
  });
}

/** The apps a suite has pushed, stopped after each test: `const running = new RunningApps(); afterEach(() => running.stopAll())`. */
export class RunningApps {
  private readonly apps: PushedApp[] = [];

  /** Keeps `app` to be stopped with the others; returns it. */
  add(app: PushedApp): PushedApp {
    this.apps.push(app);
    return app;
  }

  async push(args: string[], env: NodeJS.ProcessEnv): Promise<PushedApp> {
    return this.add(await pushApp(args, env));
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.apps.splice(0).map((a) => a.stop()));
  }
}
