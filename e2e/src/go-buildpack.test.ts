import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyApp, okBody } from './app-http.ts';
import { type Finished, type PushedApp, bpkit, ok, RunningApps, pushApp } from './bpkit.ts';
import { validatedSbom } from './sbom-document.ts';
import { type DependencyServer, buildTestManifest, sha256File, startDependencyServer } from '@bpkit/dep-server';
import { writeNodeRuntime } from '@bpkit/node-runtime';
import { type GoDependencyServer, goToolchainTarball, startGoDependencyServer } from './go-toolchain.ts';
import { NODE_22, nodeRuntimes } from './node-toolchain.ts';
import { type TestPlatform, testPlatform } from './test-platform.ts';
import { REPO_ROOT } from './workspace.ts';

const run = promisify(execFile);

/** Staging output of a push expected to fail. */
async function failedPush(args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  const result = await bpkit(['push', ...args], env);
  expect(result.code).not.toBe(0);
  return result;
}

describe('the Go buildpack', () => {
  let deps: GoDependencyServer;
  let platform: TestPlatform;
  const running = new RunningApps();
  // Every push below stages the app `goapp` unless it says otherwise, so they share its build cache
  // as pushes of one CF app do: only the first compiles Go's standard library.
  const coldMs: number[] = [];

  beforeAll(async () => {
    deps = await startGoDependencyServer();
    platform = await testPlatform({ manifests: { go: await deps.manifest() } });
  });
  afterEach(() => running.stopAll());
  afterAll(async () => {
    await deps?.server.close();
  });

  const push = (args: string[]): Promise<PushedApp> => running.push(args, platform.env);

  it('detects a module app without -b, compiles it with go install and serves the seed server', async () => {
    const started = Date.now();
    const pushed = await push([await copyApp('go-module'), '--name', 'goapp']);
    coldMs.push(Date.now() - started);
    expect(await okBody(pushed.url)).toBe('Hello, world!');
    const out = pushed.output();
    expect(out).toContain('-----> Go Buildpack version 1.0.0');
    // push indents the staging log by three spaces.
    expect(out).toContain(`-----> Installing go ${deps.version}\n          Chosen by go.mod: go 1.19 (a minimum: the highest Go 1.19.0 or above)\n`);
    expect(out).toContain(`-----> Installing go ${deps.version}`);
    expect(out).toMatch(/ {7}Download \[http:\/\/127\.0\.0\.1:\d+\/go_[\d.]+_linux_x64_cflinuxfs4\.tgz\]/);
    expect(out).toContain('-----> Running: go install -tags cloudfoundry -buildmode pie .');
    expect(out).toMatch(/start command:\s+\.\/bin\/hello/);
    expect(out).not.toContain('Reusing the Go build cache');

    // The toolchain stays out of the droplet: only the binary, the source and profile scripts.
    const listing = (await run('tar', ['-tzf', join(platform.env.BPKIT_HOME as string, 'apps', 'goapp', 'droplet.tgz')])).stdout;
    expect(listing).toMatch(/^\.\/app\/bin\/hello$/m);
    expect(listing).not.toMatch(/go1\.\d+/);
    expect(listing).toMatch(/^\.\/deps\/0\/config\.yml$/m);
  });

  it('restages from the cache dir: the unpacked toolchain and the build cache are reused, nothing is downloaded', async () => {
    const started = Date.now();
    const pushed = await push([await copyApp('go-module'), '--name', 'goapp']);
    const warmMs = Date.now() - started;
    expect(await okBody(pushed.url)).toBe('Hello, world!');
    const out = pushed.output();
    expect(out).toContain('-----> Installing go');
    expect(out).toContain('       Reusing the unpacked copy in the app cache');
    expect(out).not.toContain('Download [');
    expect(out).toContain('-----> Reusing the Go build cache from the cache dir');
    if (coldMs[0] !== undefined) expect(warmMs).toBeLessThan(coldMs[0] / 2);
  });

  it('builds a module whose dependency is committed under vendor/ (GOFLAGS=-mod=vendor)', async () => {
    const pushed = await push([await copyApp('go-vendored'), '--name', 'goapp']);
    expect(await okBody(pushed.url)).toBe('Hello from a vendored module, world!');
    expect(pushed.output()).toMatch(/start command:\s+\.\/bin\/vendored/);
    // The droplet's SBOM: the toolchain with its manifest sha256 (used to build, not shipped), the vendored module.
    const sbom = await validatedSbom('goapp', platform.env);
    const go = sbom.components.find((c) => c.name === 'go');
    expect(go).toMatchObject({ version: deps.version, hashes: [{ alg: 'SHA-256', content: await sha256File(deps.tarball) }] });
    expect(go?.properties).toContainEqual({ name: 'bpkit:droplet:path', value: expect.stringMatching(/^deps\/0\/go.*not in the droplet/) });
    expect(sbom.components.find((c) => c.name === 'example.com/greeting')).toMatchObject({ version: 'v1.0.0', purl: 'pkg:golang/example.com/greeting@v1.0.0' });
    const inspected = ok(await bpkit(['droplet', 'inspect', 'goapp'], platform.env)).stdout;
    expect(inspected).toMatch(/^start command:\s+\.\/bin\/vendored$/m);
    expect(inspected).toMatch(/^ {3}go\s+1\.0\.0$/m);
    expect(inspected).toContain(`go ${deps.version} (sha256 `);
  });

  it('installs GO_INSTALL_PACKAGE_SPEC from a sub-directory with GO_LINKER_SYMBOL/VALUE and buildpack.yml ldflags', async () => {
    const pushed = await push([
      await copyApp('go-subdir'),
      '--name', 'goapp',
      '-e', 'GO_INSTALL_PACKAGE_SPEC=./cmd/server',
      '-e', 'GO_LINKER_SYMBOL=example.com/multi/internal/version.Version',
      '-e', 'GO_LINKER_VALUE=1.2.3',
    ]);
    expect(await okBody(pushed.url)).toBe('server 1.2.3 (abc123)');
    const out = pushed.output();
    expect(out).toContain(
      '-----> Running: go install -tags cloudfoundry -buildmode pie -ldflags "-X example.com/multi/internal/version.Commit=abc123 -X example.com/multi/internal/version.Version=1.2.3" ./cmd/server',
    );
    expect(out).toMatch(/start command:\s+\.\/bin\/server/);
    expect(out).not.toContain("Installing package '.' (default)");
  });

  it('fails with the versions it has when GOVERSION or go.mod asks for a Go it does not have', async () => {
    const byEnv = await failedPush([await copyApp('go-module'), '--name', 'goapp', '-e', 'GOVERSION=go1.99'], platform.env);
    expect(byEnv.stdout).toContain(`**ERROR**\x1b[0m Unable to determine Go version to install: no match found for 1.99.x in [${deps.version}] (GOVERSION=go1.99)`);
    expect(byEnv.stdout).toContain('Failed to run all supply scripts');

    const byGoMod = await failedPush([await copyApp('go-module', { 'go.mod': 'module example.com/hello\n\ngo 1.30\n' }), '--name', 'goapp'], platform.env);
    expect(byGoMod.stdout).toContain(
      `Unable to determine Go version to install: no match found for >=1.30.0 in [${deps.version}] (go.mod needs Go 1.30.0 or newer)\n` +
        `          Versions of go for cflinuxfs4: ${deps.version}; nearest: ${deps.version}\n`,
    );
  });

  it('shows the compiler output and fails staging when the app does not compile', async () => {
    const result = await failedPush([await copyApp('go-broken'), '--name', 'goapp'], platform.env);
    expect(result.stdout).toMatch(/ {7}\.\/main\.go:4:2: undefined: undefinedFunction/);
    expect(result.stdout).toContain('**ERROR**\x1b[0m Unable to compile application: exit status 2');
    expect(result.stdout).toContain('Failed to compile droplet');
  });

  it('says to vendor when module dependencies are neither vendored nor reachable', async () => {
    const result = await failedPush([await copyApp('go-unvendored'), '--name', 'goapp', '-e', 'GOPROXY=off'], platform.env);
    expect(result.stdout).toContain('Unable to compile application: the dependencies of example.com/unvendored are neither vendored nor reachable');
    expect(result.stdout).toContain('Run `go mod vendor` and push the vendor/ directory with the app');
  });

  it('rejects a .godir app with CF\'s error', async () => {
    const result = await failedPush([await copyApp('go-module', { '.godir': 'hello\n' }), '--name', 'godir'], platform.env);
    expect(result.stdout).toContain('Deprecated, .godir file found! Please update to supported Godep or Glide dependency managers.');
  });
});

describe('the Go buildpack as a foundation stages it: zips, no Node on the stack, BPKIT_NODE unset', () => {
  let work: string;
  let server: DependencyServer;
  let pkg: string;
  let nodeTarball: string;

  beforeAll(async () => {
    const [go, nodes] = await Promise.all([goToolchainTarball(), nodeRuntimes([NODE_22])]);
    await nodes.server.close();
    nodeTarball = nodes.tarballs[NODE_22] as string;
    work = await mkdtemp(join(tmpdir(), 'bpkit-go-zips-'));
    // One loopback server for the toolchain and the bootstrap's Node, as a buildpack's manifest lists both.
    const root = join(work, 'served');
    await mkdir(root);
    for (const file of [go.file, nodeTarball]) await symlink(file, join(root, basename(file)));
    server = await startDependencyServer({ root });
    const manifest = await buildTestManifest({
      language: 'go',
      root,
      baseUrl: server.url,
      dependencies: [
        { name: 'go', version: go.version, file: basename(go.file) },
        { name: 'node', version: NODE_22, file: basename(nodeTarball) },
      ],
      defaultVersions: [
        { name: 'go', version: go.version },
        { name: 'node', version: '22.x' },
      ],
    });
    // A copy of the go buildpack package (never the real one) whose manifest points at the loopback server.
    pkg = join(work, 'go');
    await cp(join(REPO_ROOT, 'buildpacks', 'go'), pkg, {
      recursive: true,
      filter: (src) => !/\/(node_modules|src)(\/|$)/.test(src.slice(join(REPO_ROOT, 'buildpacks', 'go').length)),
    });
    await writeFile(join(pkg, 'manifest.yml'), manifest);
    await writeFile(join(pkg, 'build', 'manifest.yml'), manifest);
    await writeNodeRuntime(join(pkg, 'build'), manifest);
  });
  afterAll(async () => {
    await server?.close().catch(() => undefined);
  });

  /** `bpkit package` then create-buildpack and push with BPKIT_NODE=none and a fresh bootstrap cache. */
  async function pushThroughZip(kind: 'cached' | 'uncached'): Promise<PushedApp> {
    const platform = await testPlatform({ only: [] });
    const out = join(work, `zips-${kind}`);
    const packaged = await bpkit(['package', pkg, ...(kind === 'cached' ? ['--cached', '--cache-dir', join(work, 'download-cache')] : []), '-o', out], platform.env);
    expect(packaged.code, packaged.stderr).toBe(0);
    const zip = join(out, (await readdir(out)).find((f) => f.endsWith('.zip')) as string);
    const env = { ...platform.env, BPKIT_NODE: 'none' };
    const created = await bpkit(['create-buildpack', `${kind}_go`, zip, '1'], env);
    expect(created.code, created.stderr).toBe(0);
    return pushApp([await copyApp('go-module'), '--name', `${kind}-go`, '-e', `BPKIT_NODE_CACHE=${join(work, `node-cache-${kind}`)}`], env);
  }

  it('a cached zip stages without a request to the dependency server: the toolchain from the zip, the bootstrap\'s Node already unpacked in it', async () => {
    const requests = server.requests.length;
    const pushed = await pushThroughZip('cached');
    try {
      expect(await okBody(pushed.url)).toBe('Hello, world!');
      expect(pushed.output()).toMatch(/ {7}Copy \[.*\/dependencies\/[0-9a-f]{32}\/go_[\d.]+_linux_x64_cflinuxfs4\.tgz\]/);
      expect(pushed.output()).not.toContain('Download [');
      expect(pushed.output()).not.toContain('Installing bootstrap Node.js');
      // Only `bpkit package` fetched anything: go and node once each into its download cache.
      expect(server.requests.slice(requests).map((r) => basename(r.path)).sort()).toEqual([basename(nodeTarball), basename((await goToolchainTarball()).file)].sort());
    } finally {
      await pushed.stop();
    }
  });

  it('an uncached zip downloads the bootstrap\'s Node and the toolchain from their manifest URIs at staging', async () => {
    const pushed = await pushThroughZip('uncached');
    try {
      expect(await okBody(pushed.url)).toBe('Hello, world!');
      expect(pushed.output()).toContain(`-----> Installing bootstrap Node.js ${NODE_22}`);
      expect(pushed.output()).toContain(`Download [${server.url}/${basename(nodeTarball)}]`);
      expect(pushed.output()).toMatch(/ {7}Download \[.*\/go_[\d.]+_linux_x64_cflinuxfs4\.tgz\]/);
    } finally {
      await pushed.stop();
    }
  });
});

describe('the Go buildpack downloading its toolchain through faults', () => {
  let deps: GoDependencyServer;
  const toolchainPath = () => `/${basename(deps.tarball)}`;

  beforeAll(async () => {
    deps = await startGoDependencyServer();
  });
  afterAll(async () => {
    await deps?.server.close();
  });

  it('fails staging with CF\'s sha256 message and keeps nothing when the toolchain\'s bytes are wrong', async () => {
    deps.server.setFault(toolchainPath(), { kind: 'corrupt' });
    try {
      const platform = await testPlatform({ manifests: { go: await deps.manifest() }, only: ['go'] });
      const result = await failedPush([await copyApp('go-module'), '--name', 'corrupt'], platform.env);
      expect(result.code).toBe(223);
      expect(result.stdout).toMatch(/\*\*ERROR\*\*.* dependency sha256 mismatch: expected sha256 [0-9a-f]{64}, actual sha256 [0-9a-f]{64}/);
      // A failed staging publishes no cache: nothing half-installed survives for the next push.
      expect(await readdir(join(platform.env.BPKIT_HOME as string, 'apps', 'corrupt')).catch(() => [])).not.toContain('cache');
    } finally {
      deps.server.clearFaults();
    }
  });

  it('retries a download whose connection is reset mid-body and stages the app', async () => {
    deps.server.setFault(toolchainPath(), { kind: 'reset', afterBytes: 1_000_000, times: 2 });
    const platform = await testPlatform({ manifests: { go: await deps.manifest() }, only: ['go'] });
    const pushed = await pushApp([await copyApp('go-module'), '--name', 'flaky'], platform.env);
    try {
      expect(await okBody(pushed.url)).toBe('Hello, world!');
      expect(pushed.output().match(/retrying in/g)?.length).toBe(2);
    } finally {
      await pushed.stop();
    }
  });
});
