import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exists } from '@bpkit/fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TreeCache } from './tree-cache.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bpkit-tree-cache-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('TreeCache', () => {
  it('saves link-copies under a key, restores them by moving, and leaves other files of its root alone', async () => {
    const root = join(dir, 'cache', 'node');
    const app = join(dir, 'app');
    await mkdir(join(app, 'node_modules', 'a'), { recursive: true });
    await writeFile(join(app, 'node_modules', 'a', 'index.js'), 'a');
    await mkdir(join(root, '.npm'), { recursive: true });
    const cache = new TreeCache<{ lock: string }>(root, { node_modules: join(app, 'node_modules'), vendor: join(app, 'vendor') });
    expect(await cache.saved()).toBeUndefined();

    await cache.save({ lock: 'abc' });
    const [orig, copy] = await Promise.all([stat(join(app, 'node_modules', 'a', 'index.js')), stat(join(root, 'node_modules', 'a', 'index.js'))]);
    expect(copy.ino).toBe(orig.ino);
    expect(await cache.saved()).toEqual({ key: { lock: 'abc' }, trees: ['node_modules'] });

    await rm(app, { recursive: true });
    await cache.restore();
    expect(await readFile(join(app, 'node_modules', 'a', 'index.js'), 'utf8')).toBe('a');
    expect(await exists(join(root, 'node_modules'))).toBe(false);
    expect(await cache.saved()).toEqual({ key: { lock: 'abc' }, trees: [] });

    await cache.clear();
    expect(await cache.saved()).toBeUndefined();
    expect(await exists(join(root, '.npm'))).toBe(true);
  });
});
