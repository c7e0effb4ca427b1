import type { Contributions } from './context.ts';
import type { DepDir } from './dep-dir.ts';

/** A launch environment as the profile.d script the launcher sources: values in double quotes, so `$DEPS_DIR` expands. */
export function launchEnvScript(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([name, value]) => `export ${name}="${value.replace(/["\\`]/g, '\\$&')}"\n`)
    .join('');
}

/** Writes what a phase returned into deps/<idx>, in libbuildpack's layout. */
export async function writeContributions(deps: DepDir, language: string, result: Contributions): Promise<void> {
  for (const dir of result.binDirs ?? []) await deps.linkDirectory(dir, 'bin');
  for (const dir of result.libDirs ?? []) await deps.linkDirectory(dir, 'lib');
  for (const [name, target] of Object.entries(result.bin ?? {})) await deps.linkBinary(target, name);
  for (const [name, value] of Object.entries(result.env ?? {})) await deps.writeEnvFile(name, value);
  for (const [name, body] of Object.entries(result.profileD ?? {})) await deps.writeProfileD(name, body);
  if (result.launchEnv && Object.keys(result.launchEnv).length > 0) {
    await deps.writeProfileD(`${language}-launch-env.sh`, launchEnvScript(result.launchEnv));
  }
}
