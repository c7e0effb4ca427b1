import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { exists } from '@bpkit/fs';

/**
 * A tarball's single top-level directory (`node-v22.19.0-linux-x64/`, `package/`) becomes `dir` itself, unless
 * `dir` already holds `marker` (CF's own tarballs put `bin/` at the root; upstream ones wrap it in a directory).
 */
export async function hoistSingleDirectory(dir: string, marker?: string): Promise<void> {
  if (marker !== undefined && (await exists(join(dir, marker)))) return;
  const entries = await readdir(dir, { withFileTypes: true });
  const top = entries.length === 1 && entries[0]?.isDirectory() ? entries[0].name : undefined;
  if (!top) return;
  const moved = `${dir}.hoist`;
  await rename(join(dir, top), moved);
  await rm(dir, { recursive: true, force: true });
  await rename(moved, dir);
}
