import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyDatabaseUrl } from '../../stager/src/vcap-env/database-url.ts';
import { appGuid } from './app.ts';
import { AppStore, newAppRecord } from './app-store.ts';
import { runtimeEnvironment } from './runtime-environment.ts';
import type { ServiceInstance } from './service-store.ts';
import { ServiceStore } from './service-store.ts';
import { bindingGuid, boundServices, vcapServices } from './vcap-services.ts';

const instance = (over: Partial<ServiceInstance> & Pick<ServiceInstance, 'name' | 'guid'>): ServiceInstance => ({
  type: 'user-provided',
  credentials: {},
  tags: [],
  lastOperation: { type: 'create', state: 'succeeded' },
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  ...over,
});

describe('vcapServices', () => {
  const app = 'b2c1d4e5-0000-4000-a000-000000000001';
  const db = instance({
    name: 'my-db',
    guid: '11111111-2222-4333-8444-555555555555',
    credentials: { uri: 'postgres://u:p@db.example.com:5432/app', port: 5432 },
    tags: ['postgres', 'relational'],
    syslogDrainUrl: 'syslog://logs.example.com:514',
  });

  it('renders a user-provided binding with exactly CC\'s keys, in CC\'s order', () => {
    const guid = bindingGuid(app, db.guid);
    // Compared as text: the key order is part of what apps see in VCAP_SERVICES.
    expect(JSON.stringify(vcapServices([db], app))).toBe(
      JSON.stringify({
        'user-provided': [
          {
            label: 'user-provided',
            name: 'my-db',
            tags: ['postgres', 'relational'],
            instance_guid: '11111111-2222-4333-8444-555555555555',
            instance_name: 'my-db',
            binding_guid: guid,
            binding_name: null,
            credentials: { uri: 'postgres://u:p@db.example.com:5432/app', port: 5432 },
            syslog_drain_url: 'syslog://logs.example.com:514',
            volume_mounts: [],
          },
        ],
      }),
    );
  });

  it('renders no syslog drain as null, and empty credentials and tags as CC does', () => {
    const bare = instance({ name: 'bare', guid: '99999999-2222-4333-8444-555555555555' });
    expect(vcapServices([bare], app)).toEqual({
      'user-provided': [
        {
          label: 'user-provided',
          name: 'bare',
          tags: [],
          instance_guid: bare.guid,
          instance_name: 'bare',
          binding_guid: bindingGuid(app, bare.guid),
          binding_name: null,
          credentials: {},
          syslog_drain_url: null,
          volume_mounts: [],
        },
      ],
    });
  });

  it('is {} without bindings, and keeps binding order under one label', () => {
    expect(vcapServices([], app)).toEqual({});
    const cache = instance({ name: 'a-cache', guid: '22222222-2222-4333-8444-555555555555' });
    const rendered = vcapServices([db, cache], app) as Record<string, Array<{ name: string }>>;
    expect(Object.keys(rendered)).toEqual(['user-provided']);
    expect(rendered['user-provided']?.map((b) => b.name)).toEqual(['my-db', 'a-cache']);
  });

  it('derives a stable binding GUID per app and instance', () => {
    const guid = bindingGuid(app, db.guid);
    expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bindingGuid(app, db.guid)).toBe(guid);
    expect(bindingGuid(appGuid('other'), db.guid)).not.toBe(guid);
    expect(bindingGuid(app, '22222222-2222-4333-8444-555555555555')).not.toBe(guid);
  });

  it('reaches the app as VCAP_SERVICES, from which the launcher derives DATABASE_URL', () => {
    const env = runtimeEnvironment(
      { name: 'web', guid: app, stack: 'cflinuxfs4', memoryMb: 256, diskMb: 1024, env: {}, services: vcapServices([db], app), uris: [] },
      { stackPath: '/usr/bin:/bin', port: 8080, instanceIndex: 0, instanceGuid: 'i', processType: 'web', processGuid: 'p' },
    );
    expect(JSON.parse(env.VCAP_SERVICES as string)).toEqual(vcapServices([db], app));
    applyDatabaseUrl(env);
    expect(env.DATABASE_URL).toBe('postgres://u:p@db.example.com:5432/app');
  });
});

describe('boundServices', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bpkit-vcap-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads an app record\'s instances in binding order, skipping names whose instance is gone', async () => {
    const store = new ServiceStore(dir);
    const apps = new AppStore(dir);
    await apps.update('web', () => newAppRecord('web', '/tmp/x'));
    const zeta = await store.create('zeta', { credentials: { uri: 'mysql://h/z' } });
    const alpha = await store.create('alpha');
    await store.bind('web', 'zeta');
    await store.bind('web', 'alpha');
    const record = await apps.require('web');
    expect(await boundServices(dir, record)).toEqual([zeta, alpha]);
    expect(await boundServices(dir, { services: ['gone', 'alpha', 'alpha'] })).toEqual([alpha]);
    expect(await boundServices(dir, { services: [] })).toEqual([]);

    const rendered = vcapServices(await boundServices(dir, record), record.guid) as Record<string, Array<Record<string, unknown>>>;
    expect(rendered['user-provided']?.map((b) => [b.instance_name, b.instance_guid])).toEqual([
      ['zeta', zeta.guid],
      ['alpha', alpha.guid],
    ]);
  });
});
