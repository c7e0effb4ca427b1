import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where the local platform keeps its state (registry, app caches, droplets):
 * an explicit --data-dir, else $BPKIT_HOME, else $XDG_DATA_HOME/bpkit, else ~/.local/share/bpkit.
 */
export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return resolve(explicit);
  if (env.BPKIT_HOME) return resolve(env.BPKIT_HOME);
  const xdg = env.XDG_DATA_HOME && env.XDG_DATA_HOME !== '' ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(xdg, 'bpkit');
}
