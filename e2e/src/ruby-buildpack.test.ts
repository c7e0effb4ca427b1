import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DependencyServer, sha256File, startDependencyServer } from '@bpkit/dep-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpGet } from './app-http.ts';
import { bpkit, RunningApps, pushApp } from './bpkit.ts';
import { validatedSbom } from './sbom-document.ts';
import { buildpackPackageCopy, lineIndex, packageForFoundation, pushOnFoundation, stagingLines } from './foundation-zip.ts';
import { NODE_22, nodeRuntimes } from './node-toolchain.ts';
import { type BuiltGem, type RubyAppOptions, type RubyToolchain, repackageDebianGem, rubyAppDir, rubyManifest, rubyToolchain } from './ruby-toolchain.ts';
import { testPlatform } from './test-platform.ts';

// The first run on a machine builds Ruby from Debian's source package (≈ 6-8 minutes on 2 cores).
const TOOLCHAIN_TIMEOUT = 25 * 60_000;

describe('Ruby apps through the ruby buildpack', () => {
  let toolchain: RubyToolchain;
  let server: DependencyServer;
  let manifest: string;
  let gems: { rack: BuiltGem; webrick: BuiltGem };
  const running = new RunningApps();

  beforeAll(async () => {
    toolchain = await rubyToolchain();
    const root = await mkdtemp(join(tmpdir(), 'bpkit-ruby-deps-'));
    server = await startDependencyServer({ root });
    manifest = await rubyManifest(toolchain, root, server);
    const gemDir = await mkdtemp(join(tmpdir(), 'bpkit-ruby-gems-'));
    const [rack, webrick] = await Promise.all([
      repackageDebianGem(toolchain, 'rack', gemDir),
      repackageDebianGem(toolchain, 'webrick', gemDir),
    ]);
    gems = { rack, webrick };
  }, TOOLCHAIN_TIMEOUT);

  afterEach(() => running.stopAll());

  afterAll(async () => {
    await server?.close();
  });

  const appDir = (name: string, options: RubyAppOptions): Promise<string> => rubyAppDir(toolchain, name, options);

  const rackApp = () =>
    appDir('ruby-rack', { gems: [gems.rack, gems.webrick], requirements: { rack: '~> 2.2' }, rubyVersion: `${toolchain.version}p0` });

  it('detects a Rack app without -b, installs Ruby and its gems offline and serves it with rackup', async () => {
    const { env } = await testPlatform({ manifests: { ruby: manifest } });
    const app = await running.push([await rackApp()], env);
    expect(await httpGet(app.url)).toEqual({
      status: 200,
      text: `Hello from Rack ${gems.rack.version} on Ruby ${toolchain.version} (RACK_ENV=production)`,
    });
    const out = app.output();
    expect(out).toContain('-----> Ruby Buildpack version 1.0.0');
    // push indents the staging log by three spaces.
    expect(out).toContain(`-----> Installing ruby ${toolchain.version}\n          Chosen by Gemfile: ~> 3.1\n`);
    expect(out).toContain(`-----> Installing ruby ${toolchain.version}`);
    expect(out).toContain(`-----> Installing dependencies using bundler ${toolchain.bundlerVersion}`);
    expect(out).toContain('Running: bundle install --local (BUNDLE_JOBS=4 BUNDLE_RETRY=4)');
    expect(out).not.toContain('modified files outside');
    expect(out).toMatch(/ {7}Installing rack \S+/);
    expect(out).toMatch(/start command:\s+bundle exec rackup config\.ru -p \$PORT/);
    expect(out).not.toContain('You have not declared a Ruby version');
  });

  it('restages with an unchanged Gemfile.lock without running bundle install, and still serves', async () => {
    const { env } = await testPlatform({ manifests: { ruby: manifest } });
    const dir = await rackApp();
    const first = await pushApp([dir, '--name', 'rack-restage'], env);
    expect(first.output()).toContain('Running: bundle install');
    await first.stop();

    const second = await running.push([dir, '--name', 'rack-restage'], env);
    const out = second.output();
    expect(out).toContain('skipping bundle install');
    expect(out).not.toContain('Running: bundle install');
    expect(out).not.toMatch(/Installing rack/);
    expect((await httpGet(second.url)).text).toContain('Hello from Rack');
    // The droplet's SBOM: Ruby and Bundler with the manifest's sha256, the gems Gemfile.lock pins.
    const sbom = await validatedSbom('rack-restage', env);
    expect(sbom.components.find((c) => c.name === 'ruby')).toMatchObject({ version: toolchain.version, hashes: [{ alg: 'SHA-256', content: await sha256File(toolchain.rubyTarball) }] });
    expect(sbom.components.find((c) => c.name === 'bundler')?.version).toBe(toolchain.bundlerVersion);
    for (const gem of [gems.rack, gems.webrick]) {
      expect(sbom.components.find((c) => c.name === gem.name)).toMatchObject({ version: gem.version, purl: `pkg:gem/${gem.name}@${gem.version}` });
    }
  });

  it('starts an app from its Procfile, warning that the Gemfile names no Ruby', async () => {
    const { env } = await testPlatform({ manifests: { ruby: manifest } });
    const app = await running.push([await appDir('ruby-procfile', { gems: [gems.webrick] })], env);
    expect(await httpGet(app.url)).toEqual({ status: 200, text: `Hello from WEBrick ${gems.webrick.version} on Ruby ${toolchain.version}` });
    const out = app.output();
    expect(out).toContain('**WARNING**\x1b[0m You have not declared a Ruby version in your Gemfile.');
    expect(out).toContain(`Defaulting to ${toolchain.version}`);
    expect(out).toMatch(/start command:\s+bundle exec ruby app\.rb/);
    expect(out).not.toContain('No start command');
  });

  it('warns at staging when neither a Procfile nor a known server gem gives a start command', async () => {
    const { env } = await testPlatform({ manifests: { ruby: manifest } });
    const dir = await appDir('ruby-nostart', { gems: [gems.webrick] });
    const out = await mkdtemp(join(tmpdir(), 'bpkit-ruby-stage-'));
    const result = await bpkit(['stage', dir, '-o', out], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('**WARNING**\x1b[0m No start command: this app has no Procfile with a web process');
    expect(result.stdout).toContain('or push with -c "<command>"');
  });

  // One staging (the Ruby suite is slow): an uncached zip on a platform whose stack has no Node and BPKIT_NODE unset.
  it('stages through an uncached zip as a foundation does: the bootstrap downloads the manifest\'s node, then Ruby and gems install', async () => {
    const nodes = await nodeRuntimes([NODE_22]);
    await nodes.server.close();
    const nodeTarball = nodes.tarballs[NODE_22] as string;
    // Where rubyManifest serves the tarballs: dependencies/<name>/<name>_<version>_linux_<arch>_<stack>_<sha8>.tgz
    const served = async (name: string, version: string, source: string) =>
      `/dependencies/${name}/${name}_${version}_linux_x64_cflinuxfs4_${(await sha256File(source)).slice(0, 8)}.tgz`;
    const nodePath = await served('node', NODE_22, nodeTarball);
    const rubyPath = await served('ruby', toolchain.version, toolchain.rubyTarball);
    const work = await mkdtemp(join(tmpdir(), 'bpkit-ruby-zips-'));
    const root = join(work, 'served');
    await mkdir(root);
    const deps = await startDependencyServer({ root });
    try {
      const zipManifest = await rubyManifest(toolchain, root, deps, { version: NODE_22, tarball: nodeTarball });
      expect(zipManifest).toContain(`${deps.url}${nodePath}`);
      const pkg = await buildpackPackageCopy('ruby', zipManifest, join(work, 'ruby'));
      const foundation = await packageForFoundation(pkg, { cached: false, work, label: 'uncached_ruby' });
      expect(deps.requests).toEqual([]);
      const app = await pushOnFoundation(foundation, [await appDir('ruby-procfile', { gems: [gems.webrick] }), '--name', 'ruby-zip'], join(work, 'node-cache'));
      running.add(app);
      expect(await httpGet(app.url)).toEqual({ status: 200, text: `Hello from WEBrick ${gems.webrick.version} on Ruby ${toolchain.version}` });
      const lines = stagingLines(app.output());
      const bootstrap = lineIndex(lines, `-----> Installing bootstrap Node.js ${NODE_22}`);
      expect(bootstrap, app.output()).toBeGreaterThanOrEqual(0);
      expect(lines[bootstrap + 1]).toBe('       Chosen by the manifest default: 22.x (the Node.js that runs this buildpack)');
      expect(lines[bootstrap + 2]).toBe(`       Download [${deps.url}${nodePath}]`);
      // bin/finalize finds the Node bin/supply unpacked into BPKIT_NODE_CACHE: one install per staging.
      expect(lines.filter((l) => l.startsWith('-----> Installing bootstrap Node.js'))).toHaveLength(1);
      const ruby = lineIndex(lines, `-----> Installing ruby ${toolchain.version}`);
      expect(ruby).toBeGreaterThan(bootstrap);
      expect(lines[ruby + 1]).toMatch(/^ {7}Chosen by /);
      expect(lines[ruby + 2]).toBe(`       Download [${deps.url}${rubyPath}]`);
      // The bootstrap's Node was fetched once, before anything the buildpack installs.
      expect(deps.requests[0]?.path).toBe(nodePath);
      expect(deps.requests.filter((r) => r.path === nodePath)).toHaveLength(1);
      expect(deps.requests.map((r) => r.path)).toContain(rubyPath);
    } finally {
      await deps.close();
    }
  }, 15 * 60_000);

  it('fails staging with the versions it has when the Gemfile asks for a Ruby the manifest lacks', async () => {
    const { env } = await testPlatform({ manifests: { ruby: manifest } });
    const dir = await appDir('ruby-unsupported', { gems: [gems.webrick], rubyVersion: '9.9.0p0' });
    const out = await mkdtemp(join(tmpdir(), 'bpkit-ruby-stage-'));
    const result = await bpkit(['stage', dir, '-o', out], env);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain(`**ERROR**\x1b[0m Unable to determine ruby: no match found for ~> 9.9 (from Gemfile) in [${toolchain.version}]`);
    expect(result.stdout).not.toContain('Installing ruby');
  });
});
