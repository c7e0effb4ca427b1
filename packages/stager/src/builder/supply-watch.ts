// CF's docs say a supply script "must not modify anything outside deps/IDX" and that staging "might fail"
// if it does; CF's builder never checks. bpkit snapshots what a supply could wrongly touch (the app, the
// other buildpacks' deps dirs, the other buildpacks' caches) and compares after it ran.

import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScriptIo } from '../buildpack-scripts/run-script.ts';
import { LifecycleError, SUPPLY_FAIL_MSG } from './lifecycle-error.ts';

/** off: CF's behaviour; warn: name the paths on stderr; strict: also fail staging (exit 225). */
export type SupplyWatch = 'off' | 'warn' | 'strict';

export interface SupplyScope {
  buildDir: string;
  depsDir: string;
  depsIdx: string;
  cacheRoot: string;
  ownCacheDir: string;
}

type Snapshot = Map<string, string>;

async function walk(root: string, label: string, skip: Set<string>, into: Snapshot): Promise<void> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(root, entry.name);
    if (skip.has(path)) continue;
    const s = await lstat(path).catch(() => undefined);
    if (!s) continue;
    const name = `${label}/${entry.name}`;
    // Size, mtime and mode catch writes, truncations and chmods; a directory's own mtime changes with its entries.
    into.set(name, `${s.mode}:${s.isDirectory() ? 'd' : s.size}:${s.isDirectory() ? '' : s.mtimeMs}`);
    if (entry.isDirectory()) await walk(path, name, skip, into);
  }
}

export async function snapshotOutsideDeps(scope: SupplyScope): Promise<Snapshot> {
  const snapshot: Snapshot = new Map();
  const skip = new Set([join(scope.depsDir, scope.depsIdx), scope.ownCacheDir]);
  await walk(scope.buildDir, 'app', skip, snapshot);
  await walk(scope.depsDir, 'deps', skip, snapshot);
  await walk(scope.cacheRoot, 'cache', skip, snapshot);
  return snapshot;
}

export function changedPaths(before: Snapshot, after: Snapshot): string[] {
  const changed: string[] = [];
  for (const [path, sig] of after) if (before.get(path) !== sig) changed.push(path);
  for (const path of before.keys()) if (!after.has(path)) changed.push(`${path} (deleted)`);
  return changed.sort();
}

/** Runs one supply under the watch; in strict mode a modification fails staging as a supply failure. */
export async function watchSupply(mode: SupplyWatch, scope: SupplyScope, io: ScriptIo, supply: () => Promise<unknown>): Promise<void> {
  if (mode === 'off') {
    await supply();
    return;
  }
  const before = await snapshotOutsideDeps(scope);
  await supply();
  const changed = changedPaths(before, await snapshotOutsideDeps(scope));
  if (changed.length === 0) return;
  const shown = changed.slice(0, 10).join(', ') + (changed.length > 10 ? `, and ${changed.length - 10} more` : '');
  const message = `supply for deps/${scope.depsIdx} modified files outside deps/${scope.depsIdx}: ${shown}`;
  if (mode === 'strict') throw new LifecycleError(SUPPLY_FAIL_MSG, new Error(message));
  io.stderr.write(`WARNING: ${message}\n`);
}
