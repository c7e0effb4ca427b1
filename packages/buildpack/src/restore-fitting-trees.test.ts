import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreFittingTrees } from './restore-fitting-trees.ts';
import { TreeCache } from './tree-cache.ts';

type Key = { runtime: string };
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bpkit-restore-fitting-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let n = 0;
/** A cache that saved `node_modules` (or nothing, with `tree: false`) under `{runtime: 'node 22'}`. */
async function savedCache(tree = true): Promise<{ cache: TreeCache<Key>; place: string }> {
  const root = join(dir, `case${++n}`);
  const place = join(root, 'app', 'node_modules');
  if (tree) {
    await mkdir(place, { recursive: true });
    await writeFile(join(place, 'a.js'), 'a');
  }
  const cache = new TreeCache<Key>(join(root, 'cache'), { node_modules: place });
  await cache.save({ runtime: 'node 22' });
  await rm(place, { recursive: true, force: true });
  return { cache, place };
}
const node22 = (key: Key) => key.runtime === 'node 22';

describe('restoreFittingTrees', () => {
  it('restores a save that holds the tree and fits, and gives its key', async () => {
    const { cache, place } = await savedCache();
    expect(await restoreFittingTrees(cache, 'node_modules', node22)).toEqual({ restored: { runtime: 'node 22' } });
    expect(await readFile(join(place, 'a.js'), 'utf8')).toBe('a');
  });

  it('says why nothing was restored: no save holding the tree, or a misfit', async () => {
    const empty = new TreeCache<Key>(join(dir, 'never-saved'), { node_modules: join(dir, 'nm') });
    expect(await restoreFittingTrees(empty, 'node_modules', node22)).toEqual({ skipped: 'none' });
    expect(await restoreFittingTrees((await savedCache(false)).cache, 'node_modules', node22)).toEqual({ skipped: 'none' });
    const { cache } = await savedCache();
    expect(await restoreFittingTrees(cache, 'node_modules', () => false)).toEqual({ skipped: 'misfit' });
    // Kept for the next save to replace...
    expect(await cache.saved()).toEqual({ key: { runtime: 'node 22' }, trees: ['node_modules'] });
  });

  it('clears a save that cannot be used when asked to', async () => {
    const misfit = await savedCache();
    expect(await restoreFittingTrees(misfit.cache, 'node_modules', () => false, true)).toEqual({ skipped: 'misfit' });
    expect(await misfit.cache.saved()).toBeUndefined();
    const treeless = await savedCache(false);
    expect(await restoreFittingTrees(treeless.cache, 'node_modules', node22, true)).toEqual({ skipped: 'none' });
    expect(await treeless.cache.saved()).toBeUndefined();
  });
});
