import { lstat, mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Moves an extracted tree to `target`. A missing or empty target is replaced in one rename (atomic);
 * an existing one is merged entry by entry, as libbuildpack extracts into existing directories.
 */
export async function placeIntoTarget(extracted: string, target: string): Promise<void> {
  const existing = await lstat(target).catch(() => undefined);
  if (existing?.isDirectory() && (await readdir(target)).length === 0) await rmdir(target);
  else if (existing && !existing.isDirectory()) await rm(target, { force: true });
  else if (existing) return merge(extracted, target);
  await rename(extracted, target);
}

async function merge(from: string, into: string): Promise<void> {
  for (const name of await readdir(from)) {
    const src = join(from, name);
    const dest = join(into, name);
    const [s, d] = await Promise.all([lstat(src), lstat(dest).catch(() => undefined)]);
    if (s.isDirectory() && d?.isDirectory()) {
      await merge(src, dest);
      continue;
    }
    if (d) await rm(dest, { recursive: true, force: true });
    await mkdir(into, { recursive: true });
    await rename(src, dest);
  }
}
