// The launcher (launcher/main.go) as a library: pick the start command (argument, else
// staging_info.yml), compute CF's environment, and run CF's bash script. spawnLauncher hands back the
// bash process itself, as Diego runs it, so a platform can health-check and stop the app.

import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { resolve } from 'node:path';
import { launchEnvironment, LauncherError, resolveLaunchEnvironment } from './launch-environment.ts';
import { launchScript } from './launch-script.ts';
import { parseStagingInfoJson, parseStagingInfoYaml, readStagingInfoText, StagingInfoError, type StagingInfo } from './staging-info.ts';

export { LauncherError } from './launch-environment.ts';

export interface LauncherOptions {
  /** The app directory argument (e.g. `app`), relative to cwd. */
  appDir: string;
  /** The start command argument; '' means staging_info.yml's start_command. */
  command: string;
  /** The metadata argument (unused by CF's launcher; kept for the command-line shape). */
  metadata: string;
  /** Environment the launcher starts with (default process.env). */
  env?: Record<string, string | undefined>;
  /** The droplet root, where staging_info.yml is read (default process.cwd()). */
  cwd?: string;
  stdio?: StdioOptions;
  /**
   * Start bash in its own process group, so the whole instance (e.g. `npm start` and the node it spawns) can be
   * signalled at once, as Diego stops a container; signal `-pid`.
   */
  processGroup?: boolean;
  /** $0 of the bash script: the launcher's own argv[0] on CF. Default 'launcher'. */
  argv0?: string;
  /** Default 3. */
  credhubConnectAttempts?: number;
  /** Milliseconds; default 1000. */
  credhubRetryDelay?: number;
  /** The exact environment for bash, e.g. from resolveLaunchEnvironment(); skips CalcEnv. */
  calculatedEnv?: Record<string, string>;
}

export interface PreparedLaunch {
  dir: string;
  command: string;
  stagingInfo: StagingInfo;
  script: string;
}

function finishPrepare(options: LauncherOptions, stagingInfo: StagingInfo): PreparedLaunch {
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, options.appDir);
  const command = options.command !== '' ? options.command : stagingInfo.start_command;
  if (command === '') {
    throw new LauncherError(`${options.argv0 ?? 'launcher'}: no start command specified or detected in droplet`, 1);
  }
  return { dir, command, stagingInfo, script: launchScript(stagingInfo.config?.entrypoint_prefix ?? '') };
}

function stagingInfoError(error: unknown): LauncherError {
  return new LauncherError(`Invalid staging info - ${(error as Error).message}`, 1);
}

/** Reads staging_info.yml and picks the command (sync: JSON staging info only). */
export function prepareLaunchSync(options: LauncherOptions): PreparedLaunch {
  let info: StagingInfo = { detected_buildpack: '', start_command: '' };
  try {
    const text = readStagingInfoText(options.cwd ?? process.cwd());
    if (text !== undefined) {
      const parsed = parseStagingInfoJson(text);
      if (!parsed) throw new StagingInfoError('failed to unmarshal staging_info.yml: not JSON (use launch() for YAML staging info)');
      info = parsed;
    }
  } catch (error) {
    throw stagingInfoError(error);
  }
  return finishPrepare(options, info);
}

export async function prepareLaunch(options: LauncherOptions): Promise<PreparedLaunch> {
  let info: StagingInfo = { detected_buildpack: '', start_command: '' };
  try {
    const text = readStagingInfoText(options.cwd ?? process.cwd());
    if (text !== undefined) info = parseStagingInfoJson(text) ?? (await parseStagingInfoYaml(text));
  } catch (error) {
    throw stagingInfoError(error);
  }
  return finishPrepare(options, info);
}

function spawnBash(prepared: PreparedLaunch, options: LauncherOptions, env: Record<string, string>): ChildProcess {
  return spawn('/bin/bash', ['-c', prepared.script, options.argv0 ?? 'launcher', prepared.dir, prepared.command], {
    argv0: 'bash',
    env,
    cwd: options.cwd ?? process.cwd(),
    stdio: options.stdio ?? 'inherit',
    detached: options.processGroup ?? false,
  });
}

/**
 * Starts `/bin/bash -c <CF's script> <argv0> <dir> <command>` and returns it. Throws LauncherError
 * (with CF's message and exit code) when the launcher would have exited before exec.
 */
export function spawnLauncher(options: LauncherOptions): ChildProcess {
  const prepared = prepareLaunchSync(options);
  const env = options.calculatedEnv ?? launchEnvironment({ appDir: options.appDir, ...(options.env ? { env: options.env } : {}), ...(options.cwd ? { cwd: options.cwd } : {}) });
  return spawnBash(prepared, options, env);
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };

/** Runs the launcher to completion and resolves with its exit code (128+n when killed by signal n). */
export async function launch(options: LauncherOptions): Promise<number> {
  const prepared = await prepareLaunch(options);
  const env =
    options.calculatedEnv ??
    (await resolveLaunchEnvironment({
      appDir: options.appDir,
      ...(options.env ? { env: options.env } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
      attempts: options.credhubConnectAttempts ?? 3,
      delayMs: options.credhubRetryDelay ?? 1000,
    }));
  const child = spawnBash(prepared, options, env);
  return new Promise((resolvePromise, reject) => {
    child.once('error', (error) => reject(new LauncherError(error.message, 4)));
    child.once('exit', (code, signal) => resolvePromise(code ?? 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 0) : 0)));
  });
}
