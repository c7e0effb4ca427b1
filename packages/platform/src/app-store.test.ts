import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppNotFoundError, AppStore, newAppRecord } from './app-store.ts';

describe('AppStore', () => {
  it('keeps a record per app, lists them by name and forgets a deleted one', async () => {
    const store = new AppStore(await mkdtemp(join(tmpdir(), 'bpkit-apps-')));
    expect(await store.list()).toEqual([]);
    await store.update('web', () => newAppRecord('web', '/src/web'));
    await store.update('api', () => ({ ...newAppRecord('api', '/src/api'), instances: 2 }));
    expect((await store.list()).map((r) => [r.name, r.instances])).toEqual([['api', 2], ['web', 1]]);
    await expect(store.require('nope')).rejects.toBeInstanceOf(AppNotFoundError);
    await store.delete('web');
    expect((await store.list()).map((r) => r.name)).toEqual(['api']);
  });

  it('serialises changes of one app under its lock: concurrent set-envs all land, no temp file is left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bpkit-apps-'));
    const store = new AppStore(dir);
    await store.update('web', () => newAppRecord('web', '/src/web'));
    await Promise.all(
      Array.from({ length: 16 }, (_, i) => store.update('web', (r) => r && { ...r, env: { ...r.env, [`K${i}`]: String(i) } })),
    );
    expect(Object.keys((await store.require('web')).env)).toHaveLength(16);
    expect((await readdir(store.dir('web'))).sort()).toEqual(['app.json']);
  });
});
