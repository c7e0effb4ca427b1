// The npm packages a pnpm-lock.yaml pins, from its `packages` map. Its keys changed shape over the versions:
//   5.x  /name/1.2.3, /@scope/name/1.2.3_peer@1.0.0
//   6.0  /name@1.2.3, /@scope/name@1.2.3(peer@1.0.0)
//   9.0  name@1.2.3, @scope/name@1.2.3 (peer variants moved to `snapshots`)
// Tarball and git packages carry `name` and `version` fields, which win over the key. Directory packages
// (`resolution: {directory: …}`, `file:`/`link:` versions) are the app's own code and are left out.
import { join } from 'node:path';
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import { readTextFile } from './read-text-file.ts';
import type { AppPackage } from './sbom-input.ts';

export const PNPM_LOCKFILE = 'pnpm-lock.yaml';

interface PnpmPackage {
  name?: unknown;
  version?: unknown;
  resolution?: unknown;
}

/** Name and version from a `packages` key, its peer-dependency suffix dropped. */
function fromKey(key: string, lockfileVersion: number): { name: string; version: string } | undefined {
  const path = key.startsWith('/') ? key.slice(1) : key;
  if (lockfileVersion < 6) {
    const slash = path.lastIndexOf('/');
    if (slash <= 0) return undefined;
    return { name: path.slice(0, slash), version: (path.slice(slash + 1).split('_')[0] ?? '').split('(')[0] ?? '' };
  }
  const bare = path.split('(')[0] ?? '';
  const at = bare.indexOf('@', 1);
  return at < 0 ? undefined : { name: bare.slice(0, at), version: bare.slice(at + 1) };
}

export function parsePnpmLock(text: string): AppPackage[] {
  // FAILSAFE: scalars stay strings, so no version or key is reinterpreted as a number or a date.
  const doc = load(text, { schema: FAILSAFE_SCHEMA });
  if (typeof doc !== 'object' || doc === null) throw new Error(`${PNPM_LOCKFILE}: not a lockfile`);
  const lock = doc as { lockfileVersion?: unknown; packages?: unknown };
  const lockfileVersion = Number.parseFloat(typeof lock.lockfileVersion === 'string' ? lock.lockfileVersion : '');
  if (!Number.isFinite(lockfileVersion)) throw new Error(`${PNPM_LOCKFILE}: no lockfileVersion`);
  if (typeof lock.packages !== 'object' || lock.packages === null) return [];

  const found = new Map<string, AppPackage>();
  for (const [key, value] of Object.entries(lock.packages as Record<string, unknown>)) {
    const entry = (typeof value === 'object' && value !== null ? value : {}) as PnpmPackage;
    const resolution = (typeof entry.resolution === 'object' && entry.resolution !== null ? entry.resolution : {}) as Record<string, unknown>;
    if (typeof resolution.directory === 'string') continue;
    const keyed = fromKey(key, lockfileVersion);
    const name = typeof entry.name === 'string' ? entry.name : keyed?.name;
    const version = typeof entry.version === 'string' ? entry.version : keyed?.version;
    if (!name || !version || /^(file|link):/.test(version)) continue;
    const id = `${name}@${version}`;
    if (found.has(id)) continue;
    const integrity = typeof resolution.integrity === 'string' ? resolution.integrity : undefined;
    found.set(id, { ecosystem: 'npm', name, version, lockfile: PNPM_LOCKFILE, ...(integrity ? { integrity } : {}) });
  }
  return [...found.values()];
}

export async function readPnpmLock(appDir: string): Promise<AppPackage[]> {
  const text = await readTextFile(join(appDir, PNPM_LOCKFILE));
  return text === undefined ? [] : parsePnpmLock(text);
}
