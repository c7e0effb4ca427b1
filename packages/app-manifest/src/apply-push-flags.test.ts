import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppManifest, ManifestError, type PushFlags, applyPushFlags, readAppManifest } from './index.ts';
import { type TempFiles, makeTempFiles } from './temp-files.ts';

const MULTI_APP_FLAGS = 'Incorrect Usage: Command line flags (except -f) cannot be applied when pushing multiple apps from a manifest file.';

describe('applyPushFlags', () => {
  let tmp: TempFiles;
  beforeEach(async () => {
    tmp = await makeTempFiles();
    await tmp.mkdir('project/web', 'project/worker', 'elsewhere/app');
  });
  afterEach(() => tmp.remove());

  /** Writes project/manifest.yml and reads it back. */
  async function manifest(yaml: string): Promise<AppManifest> {
    await tmp.write({ 'project/manifest.yml': yaml });
    return readAppManifest(join(tmp.dir, 'project', 'manifest.yml'), {});
  }

  const MULTI = 'applications:\n- name: web\n  path: web\n  memory: 256M\n- name: worker\n  path: worker\n  no-route: true\n';

  describe('choosing the apps', () => {
    it('pushes every app of the manifest when no name is given', async () => {
      const apps = applyPushFlags(await manifest(MULTI), {}, tmp.dir);
      expect(apps).toEqual([
        { name: 'web', path: join(tmp.dir, 'project', 'web'), memoryMb: 256 },
        { name: 'worker', path: join(tmp.dir, 'project', 'worker'), noRoute: true },
      ]);
    });

    it('pushes only the named app', async () => {
      const apps = applyPushFlags(await manifest(MULTI), { appName: 'worker' }, tmp.dir);
      expect(apps.map((app) => app.name)).toEqual(['worker']);
    });

    it("refuses a name a multi-app manifest does not have, in cf's words", async () => {
      const m = await manifest(MULTI);
      expect(() => applyPushFlags(m, { appName: 'api' }, tmp.dir)).toThrow(new ManifestError("Could not find app named 'api' in manifest"));
    });

    it('pushes a single-app manifest under the given name, as cf does', async () => {
      const apps = applyPushFlags(await manifest('applications:\n- name: old\n  instances: 2\n'), { appName: 'new' }, tmp.dir);
      expect(apps).toEqual([{ name: 'new', instances: 2, path: join(tmp.dir, 'project') }]);
    });

    it('names a nameless single app from the app name, and otherwise refuses it', async () => {
      const m = await manifest('applications:\n- instances: 2\n');
      expect(applyPushFlags(m, { appName: 'given' }, tmp.dir)[0]?.name).toBe('given');
      expect(() => applyPushFlags(m, {}, tmp.dir)).toThrow(
        new ManifestError('Incorrect Usage:  The push command requires an app name. The app name can be supplied as an argument or with a manifest.yml file.'),
      );
    });

    it('needs an app name without a manifest, unless a path names the app', () => {
      expect(() => applyPushFlags(undefined, {}, tmp.dir)).toThrow(/requires an app name/);
      expect(applyPushFlags(undefined, { appName: 'x' }, tmp.dir)).toEqual([{ name: 'x', path: tmp.dir }]);
      expect(applyPushFlags(undefined, { path: 'elsewhere/app' }, tmp.dir)).toEqual([{ name: 'app', path: join(tmp.dir, 'elsewhere', 'app') }]);
    });
  });

  describe('paths', () => {
    it('resolves -p against the working directory and the manifest path against the manifest directory', async () => {
      const m = await manifest('applications:\n- name: a\n  path: web\n');
      expect(applyPushFlags(m, {}, join(tmp.dir, 'elsewhere'))[0]?.path).toBe(join(tmp.dir, 'project', 'web'));
      expect(applyPushFlags(m, { path: 'app' }, join(tmp.dir, 'elsewhere'))[0]?.path).toBe(join(tmp.dir, 'elsewhere', 'app'));
    });

    it("defaults to the manifest's directory, or the working directory without a manifest", async () => {
      const m = await manifest('applications:\n- name: a\n');
      expect(applyPushFlags(m, {}, join(tmp.dir, 'elsewhere'))[0]?.path).toBe(join(tmp.dir, 'project'));
      expect(applyPushFlags(undefined, { appName: 'a' }, join(tmp.dir, 'elsewhere'))[0]?.path).toBe(join(tmp.dir, 'elsewhere'));
    });

    it("refuses a manifest path that does not exist, in cf's words, unless -p replaces it", async () => {
      const m = await manifest('applications:\n- name: a\n  path: missing\n');
      expect(() => applyPushFlags(m, {}, tmp.dir)).toThrow(
        new ManifestError(`File not found locally, make sure the file exists at given path ${join(tmp.dir, 'project', 'missing')}`),
      );
      expect(applyPushFlags(m, { path: 'project/web' }, tmp.dir)[0]?.path).toBe(join(tmp.dir, 'project', 'web'));
    });

    it("refuses a -p path that does not exist with cf's flag error", () => {
      expect(() => applyPushFlags(undefined, { appName: 'a', path: 'nope' }, tmp.dir)).toThrow(
        new ManifestError("Incorrect Usage: The specified path 'nope' does not exist."),
      );
    });
  });

  describe('flags over the manifest', () => {
    const FULL = `applications:
- name: a
  buildpacks: [ruby_buildpack]
  command: rackup
  env: { A: manifest, B: manifest }
  memory: 1G
  disk_quota: 2G
  instances: 1
  stack: cflinuxfs3
  health-check-type: http
  health-check-http-endpoint: /ready
  timeout: 60
  routes:
  - route: a.example.com
`;

    it('replaces each attribute a flag sets and keeps the rest', async () => {
      const flags: PushFlags = {
        buildpacks: ['go_buildpack', 'binary_buildpack'],
        command: './serve',
        env: { B: 'flag', C: 'flag' },
        memoryMb: 512,
        diskMb: 256,
        instances: 3,
        stack: 'cflinuxfs4',
        timeout: 30,
      };
      expect(applyPushFlags(await manifest(FULL), flags, tmp.dir)).toEqual([
        {
          name: 'a',
          path: join(tmp.dir, 'project'),
          buildpacks: ['go_buildpack', 'binary_buildpack'],
          command: './serve',
          env: { A: 'manifest', B: 'flag', C: 'flag' },
          memoryMb: 512,
          diskMb: 256,
          instances: 3,
          stack: 'cflinuxfs4',
          healthCheckType: 'http',
          healthCheckHttpEndpoint: '/ready',
          timeout: 30,
          routes: ['a.example.com'],
        },
      ]);
    });

    it("resets to the platform's defaults with -b default and -c null", async () => {
      const [app] = applyPushFlags(await manifest(FULL), { buildpacks: ['default'], command: 'null' }, tmp.dir);
      expect(app?.buildpacks).toEqual([]);
      expect(app).not.toHaveProperty('command');
    });

    it("drops the manifest's endpoint when -u picks another type", async () => {
      const [app] = applyPushFlags(await manifest(FULL), { healthCheckType: 'port' }, tmp.dir);
      expect(app?.healthCheckType).toBe('port');
      expect(app).not.toHaveProperty('healthCheckHttpEndpoint');
    });

    it("refuses --endpoint against a manifest's non-http type, in cf's words", async () => {
      const m = await manifest('applications:\n- name: a\n  health-check-type: process\n');
      expect(() => applyPushFlags(m, { healthCheckHttpEndpoint: '/h' }, tmp.dir)).toThrow(
        new ManifestError('Incorrect Usage: The flag option --endpoint cannot be used with the manifest property health-check-type set to process'),
      );
      const [app] = applyPushFlags(m, { healthCheckType: 'http', healthCheckHttpEndpoint: '/h' }, tmp.dir);
      expect(app).toMatchObject({ healthCheckType: 'http', healthCheckHttpEndpoint: '/h' });
    });

    it('returns routes as they take effect: no-route beats routes, routes beat random-route', async () => {
      const m = await manifest(FULL);
      expect(applyPushFlags(m, { noRoute: true }, tmp.dir)[0]).toMatchObject({ noRoute: true });
      expect(applyPushFlags(m, { noRoute: true }, tmp.dir)[0]).not.toHaveProperty('routes');
      const [random] = applyPushFlags(m, { randomRoute: true }, tmp.dir);
      expect(random?.routes).toEqual(['a.example.com']);
      expect(random).not.toHaveProperty('randomRoute');
      expect(applyPushFlags(undefined, { appName: 'b', randomRoute: true }, tmp.dir)[0]).toMatchObject({ randomRoute: true });
    });

    it('does not change the manifest it was given', async () => {
      const m = await manifest(FULL);
      const before = structuredClone(m);
      applyPushFlags(m, { env: { X: '1' }, memoryMb: 64, noRoute: true }, tmp.dir);
      expect(m).toEqual(before);
    });
  });

  describe('flags with a multi-app manifest', () => {
    it.each<[string, PushFlags]>([
      ['-p', { path: 'project/web' }],
      ['-b', { buildpacks: ['go_buildpack'] }],
      ['-c', { command: 'x' }],
      ['--env', { env: { A: '1' } }],
      ['-m', { memoryMb: 128 }],
      ['-k', { diskMb: 128 }],
      ['-i', { instances: 2 }],
      ['-s', { stack: 'cflinuxfs4' }],
      ['-u', { healthCheckType: 'process' }],
      ['--endpoint', { healthCheckHttpEndpoint: '/h' }],
      ['-t', { timeout: 10 }],
      ['--no-route', { noRoute: true }],
      ['--random-route', { randomRoute: true }],
    ])('refuses %s without an app name', async (_flag, flags) => {
      const m = await manifest(MULTI);
      expect(() => applyPushFlags(m, flags, tmp.dir)).toThrow(new ManifestError(MULTI_APP_FLAGS));
    });

    it('allows --no-start, and any flag once an app name picks one app', async () => {
      const m = await manifest(MULTI);
      expect(applyPushFlags(m, { noStart: true }, tmp.dir)).toHaveLength(2);
      expect(applyPushFlags(m, { appName: 'web', memoryMb: 64, noRoute: true }, tmp.dir)).toEqual([
        { name: 'web', path: join(tmp.dir, 'project', 'web'), memoryMb: 64, noRoute: true },
      ]);
    });

    it('refuses a nameless app among several even when an app name is given', async () => {
      await tmp.write({ 'project/manifest.yml': MULTI });
      const m = await readAppManifest(join(tmp.dir, 'project'), {});
      const edited = { ...m, applications: [...m.applications, { name: '' }] };
      expect(() => applyPushFlags(edited, { appName: 'web' }, tmp.dir)).toThrow(new ManifestError('Found an application with no name specified.'));
    });
  });

  describe('flag combinations cf refuses', () => {
    it('--no-route with --random-route', () => {
      expect(() => applyPushFlags(undefined, { appName: 'a', noRoute: true, randomRoute: true }, tmp.dir)).toThrow(
        new ManifestError('Incorrect Usage: The following arguments cannot be used together: --no-route, --random-route'),
      );
    });

    it('-b default or null among other buildpacks', () => {
      expect(() => applyPushFlags(undefined, { appName: 'a', buildpacks: ['go_buildpack', 'null'] }, tmp.dir)).toThrow(
        new ManifestError('Multiple buildpacks flags cannot have null/default option.'),
      );
    });

    it('-u http without --endpoint', () => {
      expect(() => applyPushFlags(undefined, { appName: 'a', healthCheckType: 'http' }, tmp.dir)).toThrow(
        new ManifestError("Incorrect Usage: '--endpoint' and '--health-check-type=http, -u=http' must be used together."),
      );
    });
  });
});
