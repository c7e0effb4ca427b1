// The `launcher` command line: `launcher <app-directory> <start-command> <metadata> [flags]`, run
// from the droplet root. Node cannot exec(2) over itself, so bash runs as a child: signals are
// forwarded and its exit status (or death by signal) becomes the launcher's.

import type { Writable } from 'node:stream';
import { spawn } from 'node:child_process';
import { FlagParseError, FlagSet, withCredhubFlags } from '../go-compat/go-flags.ts';
import { LauncherError, resolveLaunchEnvironment } from './launch-environment.ts';
import { prepareLaunch, type PreparedLaunch } from './launcher.ts';

export function launcherFlagSet(): FlagSet {
  return withCredhubFlags(new FlagSet('launcher'));
}

export interface LauncherCliIo {
  stderr?: Writable;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** The launcher's argv[0] for messages and bash's $0. */
  argv0?: string;
}

const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/** Resolves with the exit code, or with the signal that killed the app. */
export async function launcherCli(args: readonly string[], io: LauncherCliIo = {}): Promise<number | NodeJS.Signals> {
  const stderr = io.stderr ?? process.stderr;
  const argv0 = io.argv0 ?? 'launcher';
  if (args.length < 3) {
    stderr.write(`${argv0}: received only ${args.length} arguments\n`);
    stderr.write(`Usage: ${argv0} <app-directory> <start-command> <metadata>`);
    return 1;
  }
  const [appDir, command, metadata] = args as [string, string, string];
  const options = { appDir, command, metadata, argv0, ...(io.env ? { env: io.env } : {}), ...(io.cwd ? { cwd: io.cwd } : {}) };
  let prepared: PreparedLaunch;
  try {
    prepared = await prepareLaunch(options);
  } catch (error) {
    if (error instanceof LauncherError) {
      stderr.write(error.message);
      return error.exitCode;
    }
    throw error;
  }
  const flags = launcherFlagSet();
  try {
    flags.parse(args.slice(2));
  } catch (error) {
    if (error instanceof FlagParseError) {
      stderr.write(error.output);
      return error.exitCode;
    }
    throw error;
  }
  let env: Record<string, string>;
  try {
    env = await resolveLaunchEnvironment({
      ...options,
      attempts: flags.get('credhubConnectAttempts') as number,
      delayMs: (flags.get('credhubRetryDelay') as number) / 1e6,
    });
  } catch (error) {
    if (error instanceof LauncherError) {
      stderr.write(error.message);
      return error.exitCode;
    }
    throw error;
  }
  const child = spawn('/bin/bash', ['-c', prepared.script, argv0, prepared.dir, prepared.command], {
    argv0: 'bash',
    env,
    cwd: io.cwd ?? process.cwd(),
    stdio: 'inherit',
  });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const s of FORWARDED) process.on(s, forward);
  return new Promise((resolve) => {
    child.once('error', (error) => {
      stderr.write((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : error.message);
      resolve(4);
    });
    child.once('exit', (code, signal) => {
      for (const s of FORWARDED) process.off(s, forward);
      resolve(signal ?? code ?? 1);
    });
  });
}
