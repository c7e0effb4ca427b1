import type { Env } from './context.ts';

/** A buildpack's default environment (CF's CreateDefaultEnv), less what the user already set. */
export function unsetDefaults(env: Env, defaults: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(defaults).filter(([name]) => !env[name]));
}
