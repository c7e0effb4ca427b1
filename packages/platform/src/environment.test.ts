import { describe, expect, it } from 'vitest';
import { type App, appGuid } from './app.ts';
import { runtimeEnvironment } from './runtime-environment.ts';
import { stagingEnvironment } from './staging-environment.ts';

const app: App = {
  name: 'hello',
  guid: appGuid('hello'),
  stack: 'cflinuxfs4',
  memoryMb: 256,
  diskMb: 512,
  env: { USER_VAR: 'u', CF_STACK: 'user-tried', VCAP_SERVICES: 'user-tried', PORT: '1' },
  services: { 'user-provided': [{ name: 'db', credentials: { uri: 'postgres://x' } }] },
  uris: [],
};

describe('stagingEnvironment', () => {
  const env = stagingEnvironment(app, { stackPath: '/stack/bin', home: '/h' });

  it('has CF\'s staging variables and none of the runtime ones', () => {
    expect(env.CF_STACK).toBe('cflinuxfs4');
    expect(env.LANG).toBe('en_US.UTF-8');
    expect(env.CF_INSTANCE_ADDR).toBe('');
    expect(env.CF_INSTANCE_PORT).toBe('');
    expect(env.PATH).toBe('/stack/bin');
    expect(env.MEMORY_LIMIT).toBe('1024m'); // staging memory is at least the platform minimum
    for (const absent of ['TMPDIR', 'INSTANCE_INDEX', 'VCAP_APP_PORT', 'VCAP_APP_HOST']) expect(env[absent]).toBeUndefined();
  });

  it('lets system variables beat the app\'s env, as CC does', () => {
    expect(env.USER_VAR).toBe('u');
    expect(JSON.parse(env.VCAP_SERVICES as string)).toEqual(app.services);
    const vcap = JSON.parse(env.VCAP_APPLICATION as string);
    expect(vcap).toMatchObject({ application_name: 'hello', name: 'hello', application_id: app.guid, limits: { mem: 256, disk: 512 }, users: null });
    expect(vcap.version).toBe(vcap.application_version);
  });

  it('passes the bootstrap Node only when given', () => {
    expect(env.BPKIT_NODE).toBeUndefined();
    expect(stagingEnvironment(app, { stackPath: '/s', home: '/h', bootstrapNode: '/n' }).BPKIT_NODE).toBe('/n');
  });
});

describe('runtimeEnvironment', () => {
  const env = runtimeEnvironment(app, { stackPath: '/s', port: 8080, instanceIndex: 0, instanceGuid: 'g', processType: 'web', processGuid: 'p' });

  it('has the LRP variables, the platform\'s PORT over the app\'s, and no CF_STACK', () => {
    expect(env).toMatchObject({ PORT: '8080', VCAP_APP_PORT: '8080', VCAP_APP_HOST: '0.0.0.0', MEMORY_LIMIT: '256m', INSTANCE_INDEX: '0', CF_INSTANCE_ADDR: '127.0.0.1:8080' });
    expect(JSON.parse(env.CF_INSTANCE_PORTS as string)).toEqual([{ external: 8080, internal: 8080 }]);
    expect(env.CF_STACK).toBe('user-tried'); // only the app's own value: the platform sets none at runtime
    const vcap = JSON.parse(env.VCAP_APPLICATION as string);
    expect(vcap).toMatchObject({ process_type: 'web', process_id: 'p' });
    expect('users' in vcap).toBe(false);
  });
});
