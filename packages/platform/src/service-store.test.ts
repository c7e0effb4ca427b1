import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppNotFoundError, AppStore, newAppRecord } from './app-store.ts';
import { ServiceError, ServiceInstanceNotFoundError, ServiceNameTakenError, ServiceStore } from './service-store.ts';

describe('ServiceStore', () => {
  let dir: string;
  let store: ServiceStore;
  const addApp = (name: string) => new AppStore(dir).update(name, () => newAppRecord(name, '/tmp/x'));
  const appServices = async (name: string) => (await new AppStore(dir).require(name)).services;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bpkit-services-'));
    store = new ServiceStore(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts empty without a file', async () => {
    expect(await store.list()).toEqual([]);
    expect(await store.get('db')).toBeUndefined();
    await expect(store.require('db')).rejects.toThrow("Service instance 'db' not found");
  });

  it('creates a user-provided instance with CC defaults and keeps it in services.json', async () => {
    const created = await store.create('db');
    expect(created).toMatchObject({ name: 'db', type: 'user-provided', credentials: {}, tags: [], lastOperation: { type: 'create', state: 'succeeded' } });
    expect(created.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created).not.toHaveProperty('syslogDrainUrl');
    const file = JSON.parse(await readFile(join(dir, 'services.json'), 'utf8'));
    expect(file.instances).toEqual([created]);
    // Written through a temp file and renamed; the lock is gone afterwards.
    expect((await readdir(dir)).sort()).toEqual(['services.json']);
  });

  it('keeps credentials, tags, syslog drain and route service URL', async () => {
    await store.create('db', {
      credentials: { uri: 'postgres://u:p@h/db', nested: { a: [1, 2] } },
      tags: ['sql', 'pg'],
      syslogDrainUrl: 'syslog://logs.example.com:514',
      routeServiceUrl: 'https://route.example.com',
    });
    expect(await store.require('db')).toMatchObject({
      credentials: { uri: 'postgres://u:p@h/db', nested: { a: [1, 2] } },
      tags: ['sql', 'pg'],
      syslogDrainUrl: 'syslog://logs.example.com:514',
      routeServiceUrl: 'https://route.example.com',
    });
  });

  it('refuses a taken name with CC\'s text and leaves the first instance alone', async () => {
    const first = await store.create('db', { credentials: { a: 1 } });
    const error = await store.create('db', { credentials: { b: 2 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceNameTakenError);
    expect((error as Error).message).toBe('The service instance name is taken: db');
    expect(await store.list()).toEqual([first]);
  });

  it('validates URLs as CC does: a URI for the syslog drain, https for the route service', async () => {
    await expect(store.create('a', { routeServiceUrl: 'http://route.example.com' })).rejects.toThrow(new ServiceError('Route service url must be https'));
    await expect(store.create('b', { syslogDrainUrl: 'not a uri' })).rejects.toThrow('Syslog drain url must be a valid URI');
    // Blank values are allowed.
    await store.create('c', { syslogDrainUrl: '', routeServiceUrl: '' });
    expect((await store.list()).map((i) => i.name)).toEqual(['c']);
  });

  it('lists by name', async () => {
    await store.create('zeta');
    await store.create('alpha');
    await store.create('mid');
    expect((await store.list()).map((i) => i.name)).toEqual(['alpha', 'mid', 'zeta']);
  });

  it('update replaces the given fields whole (credentials are not merged) and records an update', async () => {
    const created = await store.create('db', { credentials: { user: 'a', password: 'b' }, tags: ['x'], syslogDrainUrl: 'syslog://one' });
    const updated = await store.update('db', { credentials: { uri: 'mysql://h/db' } });
    expect(updated.credentials).toEqual({ uri: 'mysql://h/db' });
    expect(updated.tags).toEqual(['x']);
    expect(updated.syslogDrainUrl).toBe('syslog://one');
    expect(updated.guid).toBe(created.guid);
    expect(updated.createdAt).toBe(created.createdAt);
    expect(updated.lastOperation).toEqual({ type: 'update', state: 'succeeded' });
    expect(await store.require('db')).toEqual(updated);

    expect((await store.update('db', { tags: [], syslogDrainUrl: '' })).tags).toEqual([]);
    expect((await store.require('db')).syslogDrainUrl).toBe('');
  });

  it('update of an unknown instance fails with cf\'s text', async () => {
    await expect(store.update('nope', { tags: ['a'] })).rejects.toThrow(new ServiceInstanceNotFoundError('nope'));
    await expect(store.update('nope', { tags: ['a'] })).rejects.toThrow("Service instance 'nope' not found");
  });

  it('binds in binding order, reports a second bind, and unbinds', async () => {
    await addApp('web');
    await store.create('db');
    await store.create('cache');
    expect(await store.bind('web', 'db')).toBe('bound');
    expect(await store.bind('web', 'cache')).toBe('bound');
    expect(await store.bind('web', 'db')).toBe('already-bound');
    expect(await appServices('web')).toEqual(['db', 'cache']);
    expect(await store.unbind('web', 'db')).toBe('unbound');
    expect(await store.unbind('web', 'db')).toBe('not-bound');
    expect(await appServices('web')).toEqual(['cache']);
  });

  it('bind looks the instance up before the app, as the cf CLI does', async () => {
    await expect(store.bind('ghost', 'nope')).rejects.toThrow("Service instance 'nope' not found");
    await store.create('db');
    const error = await store.bind('ghost', 'db').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppNotFoundError);
    expect((error as Error).message).toBe("App 'ghost' not found");
    await expect(store.unbind('ghost', 'db')).rejects.toThrow("App 'ghost' not found");
    await expect(store.unbind('ghost', 'nope')).rejects.toThrow("Service instance 'nope' not found");
    // No stray app directory for the app that does not exist.
    expect(await readdir(join(dir, 'apps')).catch(() => [])).toEqual([]);
  });

  it('delete removes the instance\'s bindings from every app, then the instance', async () => {
    await addApp('web');
    await addApp('worker');
    await addApp('other');
    await store.create('db');
    await store.create('cache');
    await store.bind('web', 'cache');
    await store.bind('web', 'db');
    await store.bind('worker', 'db');
    await store.bind('other', 'cache');
    expect(await store.boundApps()).toEqual(
      new Map([
        ['cache', ['other', 'web']],
        ['db', ['web', 'worker']],
      ]),
    );

    expect(await store.delete('db')).toEqual(['web', 'worker']);
    expect(await store.get('db')).toBeUndefined();
    expect(await appServices('web')).toEqual(['cache']);
    expect(await appServices('worker')).toEqual([]);
    expect(await appServices('other')).toEqual(['cache']);
    expect(await store.delete('db')).toBeUndefined();
  });

  it('serialises concurrent changes under the lock: no create is lost', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `svc-${i}`);
    await Promise.all(names.map((n) => store.create(n, { credentials: { n } })));
    expect((await store.list()).map((i) => i.name).sort()).toEqual([...names].sort());
    const racers = await Promise.allSettled([store.create('same'), store.create('same'), store.create('same')]);
    expect(racers.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await store.list()).filter((i) => i.name === 'same')).toHaveLength(1);
  });
});
