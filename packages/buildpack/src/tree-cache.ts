import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exists, linkCopyTree, moveTree } from '@bpkit/fs';

/** What the last save left: its key and which of the trees it holds. */
export interface CachedTrees<Key> {
  key: Key;
  trees: string[];
}

/**
 * Trees a staging builds (node_modules, vendor_bundle) kept in the app's build-artifacts cache for the next
 * staging, under a key saying what they were built from. Restoring moves them back and saving keeps hard-linked
 * copies, so neither copies the data. Other files under `root` (a package manager's own cache) are left alone.
 */
export class TreeCache<Key> {
  private readonly keyFile: string;

  constructor(
    /** A directory of the app cache, e.g. `<cache>/node`. */
    readonly root: string,
    /** Name in the cache → the tree's place in this staging. */
    private readonly trees: Readonly<Record<string, string>>,
  ) {
    this.keyFile = join(root, 'tree-cache.json');
  }

  /** The last save's key and the trees still in the cache; undefined when nothing was saved. */
  async saved(): Promise<CachedTrees<Key> | undefined> {
    let key: Key;
    try {
      key = (JSON.parse(await readFile(this.keyFile, 'utf8')) as { key: Key }).key;
    } catch {
      return undefined;
    }
    const present = await Promise.all(Object.keys(this.trees).map(async (name) => ((await exists(join(this.root, name))) ? [name] : [])));
    return { key, trees: present.flat() };
  }

  /** Moves the cached trees into place, replacing what is there. */
  async restore(): Promise<void> {
    for (const [name, place] of Object.entries(this.trees)) {
      if (!(await exists(join(this.root, name)))) continue;
      await rm(place, { recursive: true, force: true });
      await moveTree(join(this.root, name), place);
    }
  }

  /** Replaces the cached trees with copies of this staging's (those that exist), saved under `key`. */
  async save(key: Key): Promise<void> {
    await this.clear();
    await mkdir(this.root, { recursive: true });
    for (const [name, place] of Object.entries(this.trees)) {
      if (await exists(place)) await linkCopyTree(place, join(this.root, name));
    }
    await writeFile(this.keyFile, `${JSON.stringify({ key }, null, 2)}\n`);
  }

  /** Drops the cached trees and their key. */
  async clear(): Promise<void> {
    await rm(this.keyFile, { force: true });
    for (const name of Object.keys(this.trees)) await rm(join(this.root, name), { recursive: true, force: true });
  }
}
