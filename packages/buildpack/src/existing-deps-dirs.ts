import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface DepsSubdir {
  idx: string;
  /** Absolute path of <deps>/<idx>/<sub> */
  path: string;
}

/**
 * libbuildpack's existingDepsDirs: every <deps>/<idx>/<sub> that exists, highest idx first.
 * The builder zero-pads indices so names sort as numbers; unpadded ones are compared numerically too.
 */
export async function existingDepsDirs(depsDir: string, sub: string): Promise<DepsSubdir[]> {
  const entries = await readdir(depsDir, { withFileTypes: true });
  const found: DepsSubdir[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const path = join(depsDir, entry.name, sub);
    if (await exists(path)) found.push({ idx: entry.name, path });
  }
  return found.sort((a, b) => compareIdx(b.idx, a.idx));
}

function compareIdx(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const diff = Number(a) - Number(b);
    if (diff !== 0) return diff;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
