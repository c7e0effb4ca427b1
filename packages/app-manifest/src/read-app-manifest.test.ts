import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManifestError, parseVarFlags, readAppManifest, readVarsFiles } from './index.ts';
import { type TempFiles, makeTempFiles } from './temp-files.ts';

const BUILDPACK_WARNING =
  "Deprecation warning: Use of 'buildpack' attribute in manifest is deprecated in favor of 'buildpacks'. Please see https://docs.cloudfoundry.org/devguide/deploy-apps/manifest-attributes.html#deprecated for alternatives and other app manifest deprecations. This feature will be removed in the future.";

describe('readAppManifest', () => {
  let tmp: TempFiles;
  beforeEach(async () => {
    tmp = await makeTempFiles();
  });
  afterEach(() => tmp.remove());

  /** Writes manifest.yml and reads it back. */
  async function read(yaml: string, vars = {}) {
    await tmp.write({ 'manifest.yml': yaml });
    return readAppManifest(join(tmp.dir, 'manifest.yml'), vars);
  }

  async function refusal(yaml: string, vars = {}): Promise<string> {
    const error = await read(yaml, vars).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ManifestError);
    return (error as ManifestError).message;
  }

  it('reads every attribute of an app', async () => {
    const manifest = await read(`---
version: 1
applications:
- name: shop
  path: ./web
  buildpacks: [nodejs_buildpack, https://github.com/cloudfoundry/binary-buildpack.git#v1.1.0]
  command: node server.js
  env:
    NODE_ENV: production
    WORKERS: 4
    DEBUG: false
    RATIO: 0.5
    EMPTY:
  memory: 256M
  disk_quota: 1G
  instances: 3
  stack: cflinuxfs4
  health-check-type: http
  health-check-http-endpoint: /health
  timeout: 90
  services:
  - db
  - name: cache
    parameters: { size: small }
  routes:
  - route: shop.example.com
  - route: shop.example.com/api
  - route: tcp.example.com:1234
    protocol: tcp
`);
    expect(manifest).toEqual({
      path: join(tmp.dir, 'manifest.yml'),
      version: 1,
      warnings: [],
      applications: [
        {
          name: 'shop',
          path: join(tmp.dir, 'web'),
          buildpacks: ['nodejs_buildpack', 'https://github.com/cloudfoundry/binary-buildpack.git#v1.1.0'],
          command: 'node server.js',
          env: { NODE_ENV: 'production', WORKERS: '4', DEBUG: 'false', RATIO: '0.5', EMPTY: '' },
          memoryMb: 256,
          diskMb: 1024,
          instances: 3,
          stack: 'cflinuxfs4',
          healthCheckType: 'http',
          healthCheckHttpEndpoint: '/health',
          timeout: 90,
          services: ['db', 'cache'],
          routes: ['shop.example.com', 'shop.example.com/api', 'tcp.example.com:1234'],
        },
      ],
    });
  });

  it('reads a multi-app manifest, YAML anchors and merge keys included', async () => {
    const manifest = await read(`
defaults: &defaults
  memory: 1G
  buildpacks: [staticfile_buildpack]
applications:
- name: bigapp
  <<: *defaults
- name: smallapp
  <<: *defaults
  memory: 512MB
  path: /srv/small
  no-route: true
`);
    expect(manifest.applications).toEqual([
      { name: 'bigapp', memoryMb: 1024, buildpacks: ['staticfile_buildpack'] },
      { name: 'smallapp', memoryMb: 512, buildpacks: ['staticfile_buildpack'], path: '/srv/small', noRoute: true },
    ]);
  });

  it('ignores attributes and top-level keys cf does not know', async () => {
    const manifest = await read('inherit: base.yml\napplications:\n- name: a\n  metadata: { labels: { team: x } }\n  whatever: 1\n');
    expect(manifest.applications).toEqual([{ name: 'a' }]);
  });

  it('accepts the deprecated singular buildpack with cf\'s warning, once', async () => {
    const manifest = await read('applications:\n- name: a\n  buildpack: go_buildpack\n- name: b\n  buildpack: default\n- name: c\n  buildpack:\n');
    expect(manifest.applications.map((app) => app.buildpacks)).toEqual([['go_buildpack'], [], []]);
    expect(manifest.warnings).toEqual([BUILDPACK_WARNING]);
  });

  it("reads health-check-type 'none' as 'process', as Cloud Controller does", async () => {
    const manifest = await read('applications:\n- name: worker\n  health-check-type: none\n  no-route: true\n');
    expect(manifest.applications[0]).toEqual({ name: 'worker', healthCheckType: 'process', noRoute: true });
  });

  it('takes both spellings CC accepts for hyphenated attributes', async () => {
    const manifest = await read('applications:\n- name: a\n  disk-quota: 2G\n  health_check_type: port\n  random_route: true\n');
    expect(manifest.applications[0]).toEqual({ name: 'a', diskMb: 2048, healthCheckType: 'port', randomRoute: true });
  });

  it('keeps routes, no-route and random-route together: cf does not refuse the combination', async () => {
    const manifest = await read('applications:\n- name: a\n  no-route: true\n  random-route: true\n  routes:\n  - route: a.example.com\n');
    expect(manifest.applications[0]).toEqual({ name: 'a', noRoute: true, randomRoute: true, routes: ['a.example.com'] });
  });

  it('lets the web entry of processes configure the app, replacing the top-level attributes', async () => {
    const manifest = await read(`applications:
- name: a
  command: top-level
  memory: 1G
  processes:
  - type: worker
    command: work
  - type: web
    command: serve
    instances: 2
    health-check-type: process
`);
    expect(manifest.applications[0]).toEqual({ name: 'a', command: 'serve', instances: 2, healthCheckType: 'process' });
  });

  it('interpolates vars from files and --var flags, flags winning, before anything is checked', async () => {
    await tmp.write({ 'vars.yml': 'instances: 2\nmemory: 512M\nhost: files\nenv: { A: from-file }\n' });
    const vars = { ...(await readVarsFiles([join(tmp.dir, 'vars.yml')])), ...parseVarFlags(['host=flags', 'instances=5']) };
    const manifest = await read('applications:\n- name: ((host))-app\n  instances: ((instances))\n  memory: ((memory))\n  env: ((env))\n  routes:\n  - route: ((host)).example.com\n', vars);
    expect(manifest.applications[0]).toEqual({
      name: 'flags-app',
      instances: 5,
      memoryMb: 512,
      env: { A: 'from-file' },
      routes: ['flags.example.com'],
    });
  });

  it('names every unresolved variable', async () => {
    expect(await refusal('applications:\n- name: ((name))\n  memory: ((mem))\n  stack: ((name))\n')).toBe('Expected to find variables: mem, name');
  });

  it('finds manifest.yml, then manifest.yaml, in a directory', async () => {
    await tmp.write({ 'a/manifest.yaml': 'applications:\n- name: from-yaml\n' });
    const manifest = await readAppManifest(join(tmp.dir, 'a'), {});
    expect(manifest.path).toBe(join(tmp.dir, 'a', 'manifest.yaml'));
    expect(manifest.applications[0]?.name).toBe('from-yaml');
    await tmp.mkdir('empty');
    await expect(readAppManifest(join(tmp.dir, 'empty'), {})).rejects.toThrow(ManifestError);
  });

  it("refuses a missing manifest with cf's path-flag error", async () => {
    await expect(readAppManifest('./no-such-manifest.yml', {})).rejects.toThrow(
      new ManifestError("Incorrect Usage: The specified path './no-such-manifest.yml' does not exist."),
    );
  });

  describe('refuses, in cf or Cloud Controller words', () => {
    it('a YAML syntax error', async () => {
      expect(await refusal('applications:\n- name: a\n  memory: 1G\n   stack: x\n')).toMatch(/^yaml: line \d+: .+/);
    });

    it('a manifest without applications', async () => {
      for (const yaml of ['', 'version: 1\n', 'applications: []\n', 'applications:\n']) {
        expect(await refusal(yaml)).toBe('Manifest must have at least one application.');
      }
    });

    it('applications that is not a list', async () => {
      expect(await refusal('applications:\n  name: a\n')).toBe(
        'yaml: unmarshal errors:\n  cannot unmarshal !!map into []manifestparser.Application',
      );
    });

    it('a schema version other than 1', async () => {
      for (const version of ['2', '"1"', '1.0.0']) {
        expect(await refusal(`version: ${version}\napplications:\n- name: a\n`)).toBe(
          'Unsupported manifest schema version. Currently supported versions: [1].',
        );
      }
    });

    it('a nameless app among several', async () => {
      expect(await refusal('applications:\n- name: a\n- memory: 1G\n')).toBe('Found an application with no name specified.');
    });

    it('memory and disk without a supported unit', async () => {
      expect(await refusal('applications:\n- name: a\n  memory: 1024\n')).toBe(
        'For application \'a\': Process "web": Memory must use a supported unit: B, K, KB, M, MB, G, GB, T, or TB',
      );
      expect(await refusal('applications:\n- name: a\n  memory: 2X\n  disk_quota: big\n')).toBe(
        [
          'For application \'a\': Process "web": Memory must use a supported unit: B, K, KB, M, MB, G, GB, T, or TB',
          'For application \'a\': Process "web": Disk quota is not a number',
        ].join('\n'),
      );
      expect(await refusal('applications:\n- name: a\n  memory: 0M\n')).toBe('For application \'a\': Process "web": Memory must be greater than 0MB');
    });

    it('instances and timeout that are not whole numbers in range', async () => {
      expect(await refusal('applications:\n- name: a\n  instances: 1.5\n')).toBe('For application \'a\': Process "web": Instances must be an integer');
      expect(await refusal('applications:\n- name: a\n  instances: many\n')).toBe('For application \'a\': Process "web": Instances is not a number');
      expect(await refusal('applications:\n- name: a\n  instances: -1\n')).toBe(
        'For application \'a\': Process "web": Instances must be greater than or equal to 0',
      );
      expect(await refusal('applications:\n- name: a\n  timeout: 0\n')).toBe('For application \'a\': Process "web": Timeout must be greater than or equal to 1');
    });

    it('an unknown health check type, and an endpoint for a type other than http', async () => {
      expect(await refusal('applications:\n- name: a\n  health-check-type: tcp\n')).toBe(
        'For application \'a\': Process "web": Health check type must be "port", "process", or "http"',
      );
      expect(await refusal('applications:\n- name: a\n  health-check-type: port\n  health-check-http-endpoint: /health\n')).toBe(
        'For application \'a\': Process "web": Health check type must be "http" to set a health check HTTP endpoint',
      );
      expect(await refusal('applications:\n- name: a\n  health-check-http-endpoint: health\n')).toBe(
        'For application \'a\': Process "web": Health check http endpoint must be a valid URI path',
      );
    });

    it('routes that are not a list of route maps, or not URLs', async () => {
      for (const routes of ['a.example.com', '[a.example.com]', '[{host: a}]']) {
        expect(await refusal(`applications:\n- name: a\n  routes: ${routes}\n`)).toBe("For application 'a': Routes must be a list of route objects");
      }
      expect(await refusal('applications:\n- name: a\n  routes:\n  - route: https://a.example.com:8443\n')).toBe(
        "For application 'a': The route 'https://a.example.com:8443' is not a properly formed URL",
      );
      expect(await refusal('applications:\n- name: a\n  routes:\n  - route: a.example.com\n    protocol: http3\n')).toBe(
        "For application 'a': Route protocol must be 'http1', 'http2' or 'tcp'.",
      );
    });

    it('no-route and random-route that are not booleans', async () => {
      expect(await refusal('applications:\n- name: a\n  no-route: "true"\n  random-route: 1\n')).toBe(
        ["For application 'a': No-route must be a boolean", "For application 'a': Random-route must be a boolean"].join('\n'),
      );
    });

    it('services that are neither names nor {name, parameters} maps', async () => {
      expect(await refusal('applications:\n- name: a\n  services:\n  - name: db\n    plan: small\n')).toBe(
        "For application 'a': Services must be a list of service instances",
      );
    });

    it('env that is not a map, or sets what CC reserves', async () => {
      expect(await refusal('applications:\n- name: a\n  env: [A=1]\n')).toBe("For application 'a': Env must be an object of keys and values");
      expect(await refusal('applications:\n- name: a\n  env:\n    VCAP_X: 1\n    PORT: 80\n')).toBe(
        ["For application 'a': Env cannot start with VCAP_", "For application 'a': Env cannot set PORT"].join('\n'),
      );
    });

    it('buildpack with buildpacks, and buildpacks that are not a list of names', async () => {
      expect(await refusal('applications:\n- name: a\n  buildpack: go\n  buildpacks: [go]\n')).toBe(
        "For application 'a': Buildpack and Buildpacks fields cannot be used together.",
      );
      expect(await refusal('applications:\n- name: a\n  buildpacks: go_buildpack\n')).toBe("For application 'a': Buildpacks must be an array");
      expect(await refusal('applications:\n- name: a\n  buildpacks: [1]\n')).toBe("For application 'a': Buildpacks can only contain strings");
    });

    it('both spellings of disk quota, as the cf CLI does', async () => {
      expect(await refusal('applications:\n- name: a\n  disk_quota: 1G\n  disk-quota: 2G\n')).toBe('cannot define both `disk_quota` and `disk-quota`');
      expect(await refusal('applications:\n- name: a\n  disk_quota: 1024\n')).toBe('`disk_quota` must be a string');
    });

    it('a nameless app by index, every app\'s problems at once', async () => {
      expect(await refusal('applications:\n- name: a\n  memory: 1\n- name: b\n  instances: -2\n')).toBe(
        [
          'For application \'a\': Process "web": Memory must use a supported unit: B, K, KB, M, MB, G, GB, T, or TB',
          'For application \'b\': Process "web": Instances must be greater than or equal to 0',
        ].join('\n'),
      );
      expect(await refusal('applications:\n- memory: 1\n')).toBe(
        'For application at index 0: Process "web": Memory must use a supported unit: B, K, KB, M, MB, G, GB, T, or TB',
      );
    });
  });

  it('keeps a single nameless app for `cf push APP_NAME` to name', async () => {
    const manifest = await read('applications:\n- memory: 128M\n');
    expect(manifest.applications).toEqual([{ name: '', memoryMb: 128 }]);
  });
});
