import { chmod, mkdir, mkdtemp, readFile, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBuildpack, makeStackPath, runBin } from '@bpkit/bundle';
import { type DependencyServer, buildTestManifest, packTarball, startDependencyServer } from '@bpkit/dep-server';
import { appCachePath as appCacheFile } from '@bpkit/dependency';
import { isFile, writeTree } from '@bpkit/fs';
import { GODIR_ERROR } from './vendor-tool.ts';

// supply and finalize run as CF runs them (bin/* on a stack PATH without Node or Go), against a
// loopback dependency server serving a stand-in toolchain: go/bin/go is a script that records how
// it was called and installs a fake binary. The real toolchain is exercised by the e2e suite.
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const FAKE_GO = `#!/bin/sh
echo "fake go $*"
env | grep -E '^(GOROOT|GOCACHE|GOMODCACHE|GOFLAGS|GOBIN|GOTOOLCHAIN|CGO_ENABLED|GO111MODULE|GOPATH)=' | sort > "$FAKE_GO_ENV"
pwd >> "$FAKE_GO_ENV"
if [ -n "\${FAKE_GO_FAIL:-}" ]; then echo "$FAKE_GO_FAIL" >&2; exit 2; fi
printf '#!/bin/sh\\necho hi\\n' > "$GOBIN/\${FAKE_GO_BIN:-hello}"
`;
const VERSIONS = ['1.22.5', '1.23.4', '1.23.9'];

let root: string;
let bp: string;
let stackPath: string;
let server: DependencyServer;
let tarballUri: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bpkit-go-phases-'));
  const toolchain = join(root, 'toolchain');
  await mkdir(join(toolchain, 'go', 'bin'), { recursive: true });
  await writeFile(join(toolchain, 'go', 'bin', 'go'), FAKE_GO);
  await chmod(join(toolchain, 'go', 'bin', 'go'), 0o755);
  await writeFile(join(toolchain, 'go', 'VERSION'), 'go1.23.9');
  const served = join(root, 'served');
  await mkdir(served);
  await packTarball(toolchain, join(served, 'go_fake_linux_x64_cflinuxfs4.tgz'));
  server = await startDependencyServer({ root: served });
  tarballUri = `${server.url}/go_fake_linux_x64_cflinuxfs4.tgz`;
  bp = join(root, 'go_buildpack');
  await bundleBuildpack({ packageDir: PACKAGE_DIR, outDir: bp });
  await writeFile(
    join(bp, 'manifest.yml'),
    await buildTestManifest({
      language: 'go',
      root: served,
      baseUrl: server.url,
      dependencies: VERSIONS.map((version) => ({ name: 'go', version, file: 'go_fake_linux_x64_cflinuxfs4.tgz' })),
      defaultVersions: [{ name: 'go', version: '1.23.x' }],
    }),
  );
  stackPath = await makeStackPath(join(root, 'stack-bin'));
});
afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

interface Staging {
  build: string;
  cache: string;
  deps: string;
  profile: string;
  goEnv: string;
}

async function staging(files: Record<string, string>): Promise<Staging> {
  const base = await mkdtemp(join(root, 'stage-'));
  const s = { build: join(base, 'app'), cache: join(base, 'cache'), deps: join(base, 'deps'), profile: join(base, 'profile.d'), goEnv: join(base, 'go-env') };
  for (const d of [s.build, s.cache, s.deps]) await mkdir(d, { recursive: true });
  await writeTree(s.build, files);
  return s;
}

async function script(name: string, args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await runBin(bp, name, args, { PATH: stackPath, CF_STACK: 'cflinuxfs4', BPKIT_NODE: process.execPath, HOME: root, ...env });
  return { code, stdout, stderr };
}

const supply = (s: Staging, env: Record<string, string> = {}) => script('supply', [s.build, s.cache, s.deps, '0'], env);
const finalize = (s: Staging, env: Record<string, string> = {}) =>
  script('finalize', [s.build, s.cache, s.deps, '0', s.profile], { FAKE_GO_ENV: s.goEnv, ...env });
const MODULE = { 'go.mod': 'module example.com/hello\n\ngo 1.22\n', 'main.go': 'package main\n' };

describe('supply', () => {
  it('chooses Go from go.mod as a minimum, installs it into deps/<idx>/go<version> and hands over to finalize', async () => {
    const s = await staging(MODULE);
    const result = await supply(s);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('-----> Go Buildpack version 1.0.0\n');
    expect(result.stdout).toContain('-----> Installing go 1.23.9\n       Chosen by go.mod: go 1.22 (a minimum: the highest Go 1.22.0 or above)\n');
    expect(result.stdout).toContain('-----> Installing go 1.23.9\n');
    expect(result.stdout).toContain(`       Download [${tarballUri}]\n`);

    const dep = join(s.deps, '0');
    expect(await readFile(join(dep, 'go1.23.9', 'go', 'VERSION'), 'utf8')).toBe('go1.23.9');
    expect(await readlink(join(dep, 'bin', 'go'))).toBe('../go1.23.9/go/bin/go');
    expect(await readFile(join(dep, 'env', 'GOROOT'), 'utf8')).toBe(join(dep, 'go1.23.9', 'go'));
    expect(await readFile(join(dep, 'env', 'GO111MODULE'), 'utf8')).toBe('auto');
    expect(await readFile(join(dep, 'env', 'GOTOOLCHAIN'), 'utf8')).toBe('local');
    expect((await readdir(join(dep, 'env'))).sort()).toEqual(['GO111MODULE', 'GOROOT', 'GOTOOLCHAIN']);
    expect(await readFile(join(dep, 'profile.d', 'goroot.sh'), 'utf8')).toBe('export GOROOT=$DEPS_DIR/0/go1.23.9/go\nPATH=$PATH:$GOROOT/bin\n');
    expect(await readFile(join(dep, 'config.yml'), 'utf8')).toBe('config:\n  GoVersion: 1.23.9\n  VendorTool: gomod\nname: go\nversion: 1.0.0\n');
    // libbuildpack's app cache keeps the download for the next staging.
    expect((await readFile(appCacheFile(s.cache, tarballUri))).length).toBeGreaterThan(0);
  });

  it('restaging links the unpacked toolchain kept in the cache dir instead of downloading or unpacking it', async () => {
    const s = await staging(MODULE);
    expect((await supply(s)).code).toBe(0);
    await rm(s.deps, { recursive: true });
    await mkdir(s.deps);
    const requests = server.requests.length;
    const again = await supply(s);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('-----> Installing go 1.23.9\n       Chosen by go.mod: go 1.22 (a minimum: the highest Go 1.22.0 or above)\n       Reusing the unpacked copy in the app cache\n');
    expect(again.stdout).not.toContain('Download [');
    expect(server.requests.length).toBe(requests);
    expect(await readFile(join(s.deps, '0', 'go1.23.9', 'go', 'VERSION'), 'utf8')).toBe('go1.23.9');
  });

  it('without the unpacked toolchain, restaging unpacks the app-cache copy instead of downloading it', async () => {
    const s = await staging(MODULE);
    expect((await supply(s)).code).toBe(0);
    await rm(join(s.cache, 'unpacked'), { recursive: true });
    await rm(s.deps, { recursive: true });
    await mkdir(s.deps);
    const requests = server.requests.length;
    const again = await supply(s);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`       Copy [${appCacheFile(s.cache, tarballUri)}]\n`);
    expect(server.requests.length).toBe(requests);
    expect(await readFile(join(s.deps, '0', 'go1.23.9', 'go', 'VERSION'), 'utf8')).toBe('go1.23.9');
  });

  it('a damaged app-cache copy is dropped and downloaded again', async () => {
    const s = await staging(MODULE);
    expect((await supply(s)).code).toBe(0);
    await rm(join(s.cache, 'unpacked'), { recursive: true });
    await writeFile(appCacheFile(s.cache, tarballUri), 'not a tarball');
    await rm(s.deps, { recursive: true });
    await mkdir(s.deps);
    const again = await supply(s);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/\*\*WARNING\*\*.* cached go 1\.23\.9 is damaged \(dependency sha256 mismatch: expected sha256 [0-9a-f]{64}, actual sha256 [0-9a-f]{64}\)/);
    expect(again.stdout).toContain(`Download [${tarballUri}]`);
    expect(await readFile(join(s.deps, '0', 'go1.23.9', 'go', 'VERSION'), 'utf8')).toBe('go1.23.9');
  });

  it('writes GOFLAGS=-mod=vendor for a module app with vendor/', async () => {
    const s = await staging({ ...MODULE, 'vendor/modules.txt': '' });
    expect((await supply(s)).code).toBe(0);
    expect(await readFile(join(s.deps, '0', 'env', 'GOFLAGS'), 'utf8')).toBe('-mod=vendor');
  });

  it('GOVERSION beats go.mod; the default applies without either', async () => {
    const byEnv = await staging(MODULE);
    const result = await supply(byEnv, { GOVERSION: 'go1.22' });
    expect(result.stdout).toContain('-----> Installing go 1.22.5\n       Chosen by $GOVERSION: go1.22\n');
    expect(await readFile(join(byEnv.deps, '0', 'env', 'GOROOT'), 'utf8')).toBe(join(byEnv.deps, '0', 'go1.22.5', 'go'));

    const byDefault = await staging({ 'go.mod': 'module example.com/hello\n', 'main.go': 'package main\n' });
    expect((await supply(byDefault)).stdout).toContain('-----> Installing go 1.23.9\n       Chosen by the manifest default: 1.23.x\n');
  });

  it('fails with exit 16 and the available versions when nothing matches', async () => {
    const s = await staging(MODULE);
    const result = await supply(s, { GOVERSION: '1.99' });
    expect(result.code).toBe(16);
    expect(result.stdout).toContain(
      '**ERROR**\x1b[0m Unable to determine Go version to install: no match found for 1.99.x in [1.22.5 1.23.4 1.23.9] (GOVERSION=1.99)\n' +
        '       Versions of go for cflinuxfs4: 1.22.5, 1.23.4, 1.23.9; nearest: 1.23.9\n',
    );
    expect(await readdir(join(s.deps, '0'))).toEqual([]);
  });

  it('rejects .godir with CF\'s error', async () => {
    const s = await staging({ '.godir': 'app\n', 'main.go': 'package main\n' });
    const result = await supply(s);
    expect(result.code).toBe(16);
    expect(result.stdout).toContain(GODIR_ERROR.split('\n')[0]);
  });
});

describe('finalize', () => {
  it('runs go install with CF\'s flags, caches in the cache dir, and leaves only the binary', async () => {
    const s = await staging({ ...MODULE, 'buildpack.yml': 'go:\n  ldflags:\n    main.commit: abc\n' });
    expect((await supply(s)).code).toBe(0);
    const result = await finalize(s, {
      GO_INSTALL_PACKAGE_SPEC: './cmd/server ./cmd/worker',
      GO_LINKER_SYMBOL: 'main.version',
      GO_LINKER_VALUE: '1.2.3',
      FAKE_GO_BIN: 'server',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '-----> Running: go install -tags cloudfoundry -buildmode pie -ldflags "-X main.commit=abc -X main.version=1.2.3" ./cmd/server ./cmd/worker\n' +
        '       fake go install -tags cloudfoundry -buildmode pie -ldflags -X main.commit=abc -X main.version=1.2.3 ./cmd/server ./cmd/worker\n',
    );
    const goEnv = await readFile(s.goEnv, 'utf8');
    const hasGcc = await isFile(join(stackPath, 'gcc'));
    expect(goEnv).toBe(
      [
        // finalize turns cgo off only when the stack has no C compiler (cflinuxfs4 has gcc; this machine may not).
        ...(hasGcc ? [] : ['CGO_ENABLED=0']),
        `GO111MODULE=auto`,
        `GOBIN=${join(s.build, 'bin')}`,
        `GOCACHE=${join(s.cache, 'go-cache')}`,
        'GOFLAGS=-modcacherw',
        `GOMODCACHE=${join(s.cache, 'go-mod')}`,
        `GOROOT=${join(s.deps, '0', 'go1.23.9', 'go')}`,
        'GOTOOLCHAIN=local',
        s.build,
        '',
      ].join('\n'),
    );
    expect(await readFile(join(s.build, '.bpkit', 'release.yml'), 'utf8')).toBe('---\ndefault_process_types:\n  web: ./bin/server\n');
    // The toolchain is not left in the droplet (ClearDepDir), the binary dir is on PATH at launch.
    expect((await readdir(join(s.deps, '0'))).sort()).toEqual(['config.yml', 'profile.d']);
    expect(await readdir(join(s.deps, '0', 'profile.d'))).toEqual(['go.sh']);
    expect(await readFile(join(s.profile, '0_go.sh'), 'utf8')).toBe('PATH=$PATH:$HOME/bin\n');
    expect(await readdir(s.profile)).not.toContain('0_goroot.sh');
  });

  it('keeps the toolchain with GO_INSTALL_TOOLS_IN_IMAGE=true, and warns about the default package', async () => {
    const s = await staging(MODULE);
    expect((await supply(s)).code).toBe(0);
    const result = await finalize(s, { GO_INSTALL_TOOLS_IN_IMAGE: 'true' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("**WARNING**\x1b[0m Installing package '.' (default)\n");
    expect(result.stdout).toContain('-----> Leaving go tool chain in $GOROOT=$DEPS_DIR/0/go1.23.9/go\n');
    expect(await readFile(join(s.deps, '0', 'go1.23.9', 'go', 'VERSION'), 'utf8')).toBe('go1.23.9');
    expect(await readFile(join(s.profile, '0_goroot.sh'), 'utf8')).toContain('export GOROOT=$DEPS_DIR/0/go1.23.9/go');
    expect(await readFile(join(s.build, '.bpkit', 'release.yml'), 'utf8')).toContain('web: ./bin/hello');
  });

  it('says "Reusing the Go build cache" when the cache dir has one', async () => {
    const s = await staging(MODULE);
    await mkdir(join(s.cache, 'go-cache', '00'), { recursive: true });
    expect((await supply(s)).code).toBe(0);
    expect((await finalize(s)).stdout).toContain('-----> Reusing the Go build cache from the cache dir\n');
  });

  it('a compile failure shows go\'s output and exits 13', async () => {
    const s = await staging(MODULE);
    expect((await supply(s)).code).toBe(0);
    const result = await finalize(s, { FAKE_GO_FAIL: './main.go:4:2: undefined: undefinedFunction' });
    expect(result.code).toBe(13);
    expect(result.stdout).toContain('       ./main.go:4:2: undefined: undefinedFunction\n');
    expect(result.stdout).toContain('**ERROR**\x1b[0m Unable to compile application: exit status 2\n');
  });

  it('unreachable module dependencies get their own error and the go mod vendor advice', async () => {
    const s = await staging(MODULE);
    expect((await supply(s)).code).toBe(0);
    const result = await finalize(s, { FAKE_GO_FAIL: 'main.go:3:8: example.com/missing@v1.0.0: module lookup disabled by GOPROXY=off' });
    expect(result.code).toBe(13);
    expect(result.stdout).toContain('Unable to compile application: the dependencies of example.com/hello are neither vendored nor reachable\n');
    expect(result.stdout).toContain('Run `go mod vendor` and push the vendor/ directory with the app');
  });

  it('builds GOPACKAGENAME apps in a temporary GOPATH with modules off', async () => {
    const s = await staging({ 'main.go': 'package main\n', 'vendor/example.com/dep/dep.go': 'package dep\n' });
    expect((await supply(s)).code).toBe(0);
    const result = await finalize(s, { GOPACKAGENAME: 'example.com/legacy', FAKE_GO_BIN: 'legacy' });
    expect(result.code).toBe(0);
    const goEnv = await readFile(s.goEnv, 'utf8');
    expect(goEnv).toContain('GO111MODULE=off\n');
    expect(goEnv).toMatch(/GOPATH=.*gobuildpack\.gopath.*\/\.go\n/);
    expect(goEnv).toMatch(/\/\.go\/src\/example\.com\/legacy\n$/);
    expect(await readFile(join(s.build, '.bpkit', 'release.yml'), 'utf8')).toContain('web: ./bin/legacy');
  });

  it('native vendoring without GOPACKAGENAME is CF\'s error', async () => {
    const s = await staging({ 'main.go': 'package main\n', 'vendor/example.com/dep/dep.go': 'package dep\n' });
    expect((await supply(s)).code).toBe(0);
    const result = await finalize(s);
    expect(result.code).toBe(14);
    expect(result.stdout).toContain('To use go native vendoring set the $GOPACKAGENAME');
  });
});

describe('compile (older platforms)', () => {
  it('supplies and finalizes into <build>/.cloudfoundry', async () => {
    const s = await staging(MODULE);
    const result = await script('compile', [s.build, s.cache], { FAKE_GO_ENV: s.goEnv });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('-----> Running: go install -tags cloudfoundry -buildmode pie .\n');
    expect(await readFile(join(s.build, '.cloudfoundry', '0', 'config.yml'), 'utf8')).toContain('GoVersion: 1.23.9');
    expect(await readFile(join(s.build, 'bin', 'hello'), 'utf8')).toContain('echo hi');
  });
});
