// The npm packages npm's lockfile pins. v2 and v3 key every install by its node_modules path under `packages`;
// v1 nests `dependencies` objects instead (v2 carries both: `packages` is the one read). Workspace folders and
// links are the app's own code, and a `file:` dependency is a directory of it, so none of them is listed.
// Dev dependencies are listed: the lockfile cannot say whether staging pruned them.
import { join } from 'node:path';
import { readTextFile } from './read-text-file.ts';
import type { AppPackage } from './sbom-input.ts';

// npm reads npm-shrinkwrap.json in preference to package-lock.json, and so does this.
export const NPM_LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'] as const;

interface V2Entry {
  name?: unknown;
  version?: unknown;
  integrity?: unknown;
  link?: unknown;
}

interface V1Entry {
  version?: unknown;
  integrity?: unknown;
  dependencies?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `npm:real-name@1.2.3`, how v1 writes an aliased dependency's version. */
function unalias(name: string, version: string): { name: string; version: string } {
  if (!version.startsWith('npm:')) return { name, version };
  const spec = version.slice(4);
  const at = spec.indexOf('@', 1);
  return at < 0 ? { name, version } : { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

/** A directory of the app (`file:`, `link:`) rather than a package from outside it. */
function isLocal(version: string): boolean {
  return version.startsWith('file:') || version.startsWith('link:');
}

export function parseNpmLockfile(text: string, lockfile = 'package-lock.json'): AppPackage[] {
  const lock: unknown = JSON.parse(text);
  if (!isObject(lock)) throw new Error(`${lockfile}: not a lockfile`);
  const found = new Map<string, AppPackage>();
  const add = (rawName: string, rawVersion: string, integrity: unknown) => {
    const { name, version } = unalias(rawName, rawVersion);
    if (!name || !version || isLocal(version)) return;
    const key = `${name}@${version}`;
    if (found.has(key)) return;
    found.set(key, { ecosystem: 'npm', name, version, lockfile, ...(typeof integrity === 'string' && integrity ? { integrity } : {}) });
  };

  if (isObject(lock.packages)) {
    for (const [path, value] of Object.entries(lock.packages)) {
      const entry = value as V2Entry;
      // '' is the app itself; a path with no node_modules/ in it is a workspace folder.
      const at = path.lastIndexOf('node_modules/');
      if (at < 0 || !isObject(entry) || entry.link === true || typeof entry.version !== 'string') continue;
      const name = typeof entry.name === 'string' ? entry.name : path.slice(at + 'node_modules/'.length);
      add(name, entry.version, entry.integrity);
    }
  } else if (isObject(lock.dependencies)) {
    const walk = (deps: Record<string, unknown>) => {
      for (const [name, value] of Object.entries(deps)) {
        if (!isObject(value)) continue;
        const entry = value as V1Entry;
        if (typeof entry.version === 'string') add(name, entry.version, entry.integrity);
        if (isObject(entry.dependencies)) walk(entry.dependencies);
      }
    };
    walk(lock.dependencies);
  }
  return [...found.values()];
}

export async function readNpmLockfile(appDir: string): Promise<AppPackage[]> {
  for (const lockfile of NPM_LOCKFILES) {
    const text = await readTextFile(join(appDir, lockfile));
    if (text !== undefined) return parseNpmLockfile(text, lockfile);
  }
  return [];
}
