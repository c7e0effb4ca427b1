import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '@bpkit/dep-server';
import { APPS, copyApp, okBody } from './app-http.ts';
import { bpkit, RunningApps } from './bpkit.ts';
import { validatedSbom } from './sbom-document.ts';
import { buildpackPackageCopy, lineIndex, packageForFoundation, pushOnFoundation, stagingLines } from './foundation-zip.ts';
import { NODE_20, NODE_22, type NodeRuntimes, nodeRuntimes } from './node-toolchain.ts';
import { type TestPlatform, testPlatform } from './test-platform.ts';


describe('Node.js apps through the nodejs buildpack (detected, not named)', () => {
  let runtimes: NodeRuntimes;
  let platform: TestPlatform;
  const running = new RunningApps();

  beforeAll(async () => {
    runtimes = await nodeRuntimes([NODE_20, NODE_22]);
    platform = await testPlatform({ manifests: { node: runtimes.manifest } });
  }, 300_000);
  afterEach(() => running.stopAll());
  afterAll(async () => {
    await runtimes?.server.close();
  });

  it('an http server app with engines.node 22.x answers with Node 22', async () => {
    const app = await running.push([join(APPS, 'node-http')], platform.env);
    expect(await okBody(app.url)).toBe(`v${NODE_22}`);
    const out = app.output();
    expect(out).toContain('-----> Nodejs Buildpack version 1.0.0');
    // push indents the staging log by three spaces.
    expect(out).toContain(`-----> Installing node ${NODE_22}\n          Chosen by engines.node (package.json): 22.x\n`);
    expect(out).toContain(`-----> Installing node ${NODE_22}`);
    expect(out).toMatch(/start command:\s+npm start/);
  });

  it('.nvmrc selects Node 20, and engines.node selects 20 over an .nvmrc asking for 22', async () => {
    const nvmrc = await running.push([join(APPS, 'node-nvmrc')], platform.env);
    expect(await okBody(nvmrc.url)).toBe(`v${NODE_20}`);
    expect(nvmrc.output()).toContain(`-----> Installing node ${NODE_20}\n          Chosen by .nvmrc: 20\n`);
    expect(nvmrc.output()).toContain('Using the node version specified in your .nvmrc');

    const dir = await copyApp('node-http', {
      'package.json': JSON.stringify({ name: 'engines-20', private: true, engines: { node: '^20.0.0' }, scripts: { start: 'node server.js' } }),
      '.nvmrc': 'lts/jod\n',
    });
    const engines = await running.push([dir], platform.env);
    expect(await okBody(engines.url)).toBe(`v${NODE_20}`);
    expect(engines.output()).toContain("Node version in .nvmrc ignored in favor of 'engines' field in package.json");
  });

  it('a package-lock.json app installs its file: dependency through npm ci; a restage with the same lockfile reuses the cache', async () => {
    const first = await running.push([join(APPS, 'node-lockfile'), '--name', 'lockfile'], platform.env);
    expect(await okBody(first.url)).toBe(`Hello from lockfile app on v${NODE_22}`);
    expect(first.output()).toContain('Installing node modules (package-lock.json)');
    expect(first.output()).toContain('Skipping cache restore (no previous cache)');
    expect(first.output()).toMatch(/Download \[http:\/\/127\.0\.0\.1:\d+\/node_22/);
    await running.stopAll();

    const second = await running.push([join(APPS, 'node-lockfile'), '--name', 'lockfile'], platform.env);
    expect(await okBody(second.url)).toBe(`Hello from lockfile app on v${NODE_22}`);
    const out = second.output();
    expect(out).toContain('- node_modules (lockfile unchanged)');
    expect(out).toContain('Skipping install: node_modules restored from cache matches package-lock.json');
    expect(out).not.toContain('Download [');
    expect(out).toContain('Reusing the unpacked copy in the app cache');
    // The droplet's SBOM: the Node it ships with the manifest's sha256, and the lockfile's package.
    const sbom = await validatedSbom('lockfile', platform.env);
    const node = sbom.components.find((c) => c.name === 'node');
    expect(node).toMatchObject({ version: NODE_22, hashes: [{ alg: 'SHA-256', content: await sha256File(runtimes.tarballs[NODE_22] as string) }] });
    expect(node?.properties).toContainEqual({ name: 'bpkit:droplet:path', value: expect.stringMatching(/^deps\/0\/node$/) });
  });

  it('an unsatisfiable engines range fails staging with the versions listed', async () => {
    const result = await bpkit(['push', join(APPS, 'node-unsatisfiable')], platform.env);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain(
      `**ERROR**\x1b[0m Unable to install node: no match found for >=99 (engines.node (package.json)) in [${NODE_20} ${NODE_22}]`,
    );
    expect(result.stdout).toContain('Failed to run all supply scripts: exit status 14');
  });
});

describe('the nodejs buildpack as a foundation stages it: zips, no Node on the stack, BPKIT_NODE unset', () => {
  let runtimes: NodeRuntimes;
  let work: string;
  let pkg: string;
  let tarball: string;

  beforeAll(async () => {
    // The test manifest's one node entry (22.x, the default) is both the app's runtime and the bootstrap's Node.
    runtimes = await nodeRuntimes([NODE_22]);
    tarball = basename(runtimes.tarballs[NODE_22] as string);
    work = await mkdtemp(join(tmpdir(), 'bpkit-node-zips-'));
    pkg = await buildpackPackageCopy('node', runtimes.manifest, join(work, 'node'));
  }, 300_000);
  afterAll(async () => {
    await runtimes?.server.close();
  });

  it('a cached zip stages without a request to the dependency server: the app\'s node copied from the zip\'s unpacked vendor/node', async () => {
    const before = runtimes.server.requests.length;
    const foundation = await packageForFoundation(pkg, { cached: true, work, label: 'cached_node' });
    // `bpkit package --cached` fetched the one tarball into its download cache: that is the only request.
    expect(runtimes.server.requests.slice(before).map((r) => r.path)).toEqual([`/${tarball}`]);
    const duringPush = runtimes.server.requests.length;
    const app = await pushOnFoundation(foundation, [await copyApp('node-http'), '--name', 'cached-node'], join(work, 'node-cache-cached'));
    try {
      expect(await okBody(app.url)).toBe(`v${NODE_22}`);
      const lines = stagingLines(app.output());
      const step = lineIndex(lines, `-----> Installing node ${NODE_22}`);
      expect(step, app.output()).toBeGreaterThanOrEqual(0);
      expect(lines[step + 2]).toMatch(/^ {7}Copy \[\/\S+\/vendor\/node\]$/);
      expect(app.output()).not.toContain('Installing bootstrap Node.js');
      expect(app.output()).not.toContain('Download [');
      expect(runtimes.server.requests.slice(duringPush)).toEqual([]);
    } finally {
      await app.stop();
    }
  });

  it('an uncached zip: the bootstrap downloads its Node from the manifest\'s uri, and supply downloads the app\'s', async () => {
    const before = runtimes.server.requests.length;
    const foundation = await packageForFoundation(pkg, { cached: false, work, label: 'uncached_node' });
    expect(runtimes.server.requests.length).toBe(before);
    const app = await pushOnFoundation(foundation, [await copyApp('node-http'), '--name', 'uncached-node'], join(work, 'node-cache-uncached'));
    try {
      expect(await okBody(app.url)).toBe(`v${NODE_22}`);
      const lines = stagingLines(app.output());
      const bootstrap = lineIndex(lines, `-----> Installing bootstrap Node.js ${NODE_22}`);
      expect(bootstrap, app.output()).toBeGreaterThanOrEqual(0);
      expect(lines[bootstrap + 1]).toBe('       Chosen by the manifest default: 22.x (the Node.js that runs this buildpack)');
      expect(lines[bootstrap + 2]).toBe(`       Download [${runtimes.server.url}/${tarball}]`);
      // Once: bin/finalize finds the Node bin/supply unpacked into BPKIT_NODE_CACHE.
      expect(lines.filter((l) => l.startsWith('-----> Installing bootstrap Node.js'))).toHaveLength(1);
      const step = lineIndex(lines, `-----> Installing node ${NODE_22}`);
      expect(step).toBeGreaterThan(bootstrap);
      expect(lines[step + 1]).toMatch(/^ {7}Chosen by /);
      expect(lines[step + 2]).toBe(`       Download [${runtimes.server.url}/${tarball}]`);
      expect(app.output()).not.toMatch(/Copy \[\S*\/vendor\/node\]/);
      // The bootstrap's download and supply's, nothing else.
      expect(runtimes.server.requests.slice(before).map((r) => r.path)).toEqual([`/${tarball}`, `/${tarball}`]);
    } finally {
      await app.stop();
    }
  });
});
