// CalcEnv (env/env.go): HOME, TMPDIR and DEPS_DIR from the app dir, VCAP_APPLICATION enriched with
// host/instance_id/port/instance_index (re-marshalled, keys sorted), credhub interpolation,
// VCAP_PLATFORM_OPTIONS removed, DATABASE_URL derived. Every error is exit 3.

import { resolve } from 'node:path';
import { errorText } from '../builder/lifecycle-error.ts';
import { goJson } from '../go-compat/go-json.ts';
import { interpolateServiceRefs, type CredhubOptions } from '../vcap-env/credhub.ts';
import { applyDatabaseUrl } from '../vcap-env/database-url.ts';
import { parsePlatformOptions, type PlatformOptions } from '../vcap-env/platform-options.ts';

export class LauncherError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'LauncherError';
  }
}

export interface LaunchEnvironmentOptions {
  appDir: string;
  env?: Record<string, string | undefined>;
  /** The droplet root (the launcher's cwd). Default process.cwd(). */
  cwd?: string;
}

/** strconv.Atoi */
function atoi(s: string | undefined): number | undefined {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

function enrichVcapApplication(env: Record<string, string>): void {
  let app: unknown;
  try {
    app = JSON.parse(env.VCAP_APPLICATION ?? '');
  } catch {
    return;
  }
  if (app === null || typeof app !== 'object' || Array.isArray(app)) return;
  const o = app as Record<string, unknown>;
  o.host = '0.0.0.0';
  o.instance_id = env.INSTANCE_GUID ?? '';
  const port = atoi(env.PORT);
  if (port !== undefined) o.port = port;
  const index = atoi(env.INSTANCE_INDEX);
  if (index !== undefined) o.instance_index = index;
  env.VCAP_APPLICATION = goJson(o);
}

function base(options: LaunchEnvironmentOptions): { env: Record<string, string>; platform: PlatformOptions | undefined } {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.env ?? process.env)) if (v !== undefined) env[k] = v;
  const dir = resolve(options.cwd ?? process.cwd(), options.appDir);
  env.HOME = dir;
  env.TMPDIR = resolve(dir, '..', 'tmp');
  env.DEPS_DIR = resolve(dir, '..', 'deps');
  enrichVcapApplication(env);
  let platform: PlatformOptions | undefined;
  try {
    platform = parsePlatformOptions(env.VCAP_PLATFORM_OPTIONS);
  } catch (error) {
    throw new LauncherError(`Invalid platform options: ${errorText(error)}`, 3);
  }
  return { env, platform };
}

function finish(env: Record<string, string>): Record<string, string> {
  delete env.VCAP_PLATFORM_OPTIONS;
  applyDatabaseUrl(env);
  return env;
}

function needsCredhub(env: Record<string, string>, platform: PlatformOptions | undefined): boolean {
  return Boolean(platform?.credhubUri) && !env.CREDHUB_SKIP_INTERPOLATION && (env.VCAP_SERVICES ?? '').includes('"credhub-ref"');
}

/**
 * CalcEnv without network access. Throws LauncherError (exit 3) for invalid platform options, and
 * when VCAP_SERVICES holds credhub references that need resolveLaunchEnvironment().
 */
export function launchEnvironment(options: LaunchEnvironmentOptions): Record<string, string> {
  const { env, platform } = base(options);
  if (needsCredhub(env, platform)) {
    throw new LauncherError('VCAP_SERVICES has credhub references: use resolveLaunchEnvironment() to interpolate them', 3);
  }
  return finish(env);
}

/** CalcEnv including credhub interpolation. Throws LauncherError with exit code 3. */
export async function resolveLaunchEnvironment(options: LaunchEnvironmentOptions & Partial<CredhubOptions>): Promise<Record<string, string>> {
  const { env, platform } = base(options);
  if (platform?.credhubUri) {
    try {
      const interpolated = await interpolateServiceRefs(platform.credhubUri, env, {
        attempts: options.attempts ?? 3,
        delayMs: options.delayMs ?? 1000,
      });
      if (interpolated !== undefined) env.VCAP_SERVICES = interpolated;
    } catch (error) {
      throw new LauncherError(`Unable to interpolate credhub refs: ${errorText(error)}`, 3);
    }
  }
  return finish(env);
}
