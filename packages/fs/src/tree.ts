import { execFile } from 'node:child_process';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `cp -al`: a copy made of hard links (instant, no extra space), for trees nobody modifies in place (the app
 * cache's unpacked runtimes, cached gems and node_modules). A plain copy keeping links, modes and times where hard
 * links can't be made (another filesystem). `to` must not exist.
 */
export async function linkCopyTree(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  try {
    await run('cp', ['-al', from, to]);
  } catch {
    await rm(to, { recursive: true, force: true });
    await cp(from, to, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  }
}

/** Moves a tree: a rename, or a copy and removal when `from` and `to` are on different filesystems. */
export async function moveTree(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await cp(from, to, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    await rm(from, { recursive: true, force: true });
  }
}
