import type { TreeCache } from './tree-cache.ts';

/** The key of the trees restored, or why none were: no save holding the tree, or one made for another runtime. */
export type TreeRestore<Key> = { restored: Key } | { skipped: 'none' | 'misfit' };

/**
 * Moves the cached trees into place when the last save holds `tree` and `fits` accepts its key (the stack and the
 * runtime it was built for). With `dropMisfit`, a save that can't be used is cleared rather than kept to the next save.
 */
export async function restoreFittingTrees<Key>(
  cache: TreeCache<Key>,
  tree: string,
  fits: (key: Key) => boolean,
  dropMisfit = false,
): Promise<TreeRestore<Key>> {
  const saved = await cache.saved();
  if (saved?.trees.includes(tree) && fits(saved.key)) {
    await cache.restore();
    return { restored: saved.key };
  }
  if (saved && dropMisfit) await cache.clear();
  return { skipped: saved?.trees.includes(tree) ? 'misfit' : 'none' };
}
