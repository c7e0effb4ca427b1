// Packaging (runner.go GoLikeLightning tail): empty tmp/ and logs/, `cp -a <build> <contents>/app`,
// then `tar -czf droplet -C contents .` and `tar -czf output-cache -C cache .` with the system tools,
// so entries are named `./app/…` exactly as on CF.

import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { LifecycleError } from '../builder/lifecycle-error.ts';
import { runScript } from '../buildpack-scripts/run-script.ts';
import { findExecutable } from '../go-compat/find-executable.ts';
import { exitErrorText, forkExecErrorText, pathErrorText } from '../go-compat/go-errors.ts';
import { ParallelGzip, parallelGzipAvailable } from './parallel-gzip.ts';
import { writeSegmentedDroplet } from './segmented-droplet.ts';

export interface DropletIo {
  env: Record<string, string>;
  stdout: Writable;
  stderr: Writable;
}

export interface DropletPaths {
  contentsDir: string;
  buildDir: string;
  outputDroplet: string;
  buildArtifactsCacheDir: string;
  /** Unset: the caller keeps the cache dir itself, so there is nothing to archive. */
  outputBuildArtifactsCache: string | undefined;
  fastDropletCompression?: boolean;
  /** Rename buildDir into the contents instead of copying it (the caller discards buildDir). */
  moveBuildDir?: boolean;
  /** With fastDropletCompression: the app's previous droplet, whose unchanged segments are copied. */
  previousDroplet?: string;
}

function combinedOutput(file: string, args: string[], env: Record<string, string>): Promise<{ output: string; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.once('error', (e) => resolve({ output: Buffer.concat(chunks).toString(), error: forkExecErrorText(file, e) }));
    child.once('close', (code, signal) =>
      resolve({ output: Buffer.concat(chunks).toString(), ...(code === 0 ? {} : { error: exitErrorText(code, signal) }) }),
    );
  });
}

/**
 * `tar -czf out -C dir .`, but gzip level 1 on every core: for the build-artifacts cache (read back by the
 * next staging only, mostly compiled objects and already-compressed tarballs) and, when asked, the droplet.
 * Level 6 on one core costs seconds per staging for a few percent of size. Still a gzip'd tar with one
 * member, as CF's consumers expect.
 */
async function tarGzipFast(tar: string, dir: string, out: string, env: Record<string, string>): Promise<{ output: string; error?: string }> {
  const child = spawn(tar, ['-cf', '-', '-C', dir, '.'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const errors: Buffer[] = [];
  child.stderr.on('data', (c: Buffer) => errors.push(c));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: Error }>((resolve) => {
    child.once('error', (e) => resolve({ code: null, signal: null, spawnError: e }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  try {
    await pipeline(child.stdout, parallelGzipAvailable ? new ParallelGzip({ level: 1 }) : createGzip({ level: 1 }), createWriteStream(out));
  } catch (error) {
    return { output: Buffer.concat(errors).toString(), error: String(error) };
  }
  const { code, signal, spawnError } = await closed;
  const output = Buffer.concat(errors).toString();
  if (spawnError) return { output, error: forkExecErrorText(tar, spawnError) };
  return code === 0 ? { output } : { output, error: exitErrorText(code, signal) };
}

/** Level 1 on every core, in segments that a restage can copy from the previous droplet when unchanged. */
async function fastDroplet(tar: string, paths: DropletPaths, env: Record<string, string>): Promise<{ output: string; error?: string }> {
  if (!parallelGzipAvailable) return tarGzipFast(tar, paths.contentsDir, paths.outputDroplet, env);
  try {
    await writeSegmentedDroplet({
      contentsDir: paths.contentsDir,
      output: paths.outputDroplet,
      tar,
      env,
      ...(paths.previousDroplet ? { previous: paths.previousDroplet } : {}),
    });
    return { output: '' };
  } catch (error) {
    return { output: '', error: error instanceof Error ? error.message : String(error) };
  }
}

function tool(name: string, env: Record<string, string>): string | undefined {
  return findExecutable(name, [env.PATH, process.env.PATH, '/usr/bin:/bin']);
}

export async function packageDroplet(paths: DropletPaths, io: DropletIo): Promise<void> {
  for (const name of ['tmp', 'logs']) {
    const dir = join(paths.contentsDir, name);
    try {
      await mkdir(dir, { recursive: true, mode: 0o755 });
    } catch (error) {
      throw new LifecycleError('Failed to set up droplet filesystem', pathErrorText('mkdir', dir, error));
    }
  }
  const appDir = join(paths.contentsDir, 'app');
  const moved = paths.moveBuildDir ? await rename(paths.buildDir, appDir).then(() => true, () => false) : false;
  if (!moved) {
    const cp = tool('cp', io.env) ?? 'cp';
    try {
      await runScript(cp, ['-a', paths.buildDir, appDir], io);
    } catch (error) {
      throw new LifecycleError('Failed to copy compiled droplet', error);
    }
  }
  const tar = tool('tar', io.env);
  if (!tar) throw new LifecycleError('Unable to find tar executable', 'exec: "tar": executable file not found in $PATH');
  const droplet = paths.fastDropletCompression
    ? await fastDroplet(tar, paths, io.env)
    : await combinedOutput(tar, ['-czf', paths.outputDroplet, '-C', paths.contentsDir, '.'], io.env);
  if (droplet.error) throw new LifecycleError(`Failed to compress droplet filesystem: ${droplet.output}`, droplet.error);
  if (paths.outputBuildArtifactsCache === undefined) return;
  const cacheParent = dirname(paths.outputBuildArtifactsCache);
  try {
    await mkdir(cacheParent, { recursive: true, mode: 0o755 });
  } catch (error) {
    throw new LifecycleError('Failed to create output build artifacts cache dir', pathErrorText('mkdir', cacheParent, error));
  }
  const cache = await tarGzipFast(tar, paths.buildArtifactsCacheDir, paths.outputBuildArtifactsCache, io.env);
  if (cache.error) throw new LifecycleError(`Failed to compress build artifacts: ${cache.output}`, cache.error);
}
