import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyApp, okBody } from './app-http.ts';
import { type Finished, type PushedApp, bpkit, RunningApps } from './bpkit.ts';
import { type GoDependencyServer, backportedGoTarball, startGoDependencyServer } from './go-toolchain.ts';
import { type TestPlatform, testPlatform } from './test-platform.ts';

const run = promisify(execFile);

// A monorepo as `go work init ./app ./lib ./tools` leaves it: the service in ./app (module example.com/greeter, so
// its binary is `greeter`, not `app`) imports ./lib; ./tools is another team's command the service never imports.
// Standard library only: staging runs with GOPROXY=off and nothing to fetch.
const WORKSPACE: Record<string, string> = {
  'go.work': 'go 1.19\n\nuse (\n\t./app\n\t./lib\n\t./tools\n)\n',
  'app/go.mod': 'module example.com/greeter\n\ngo 1.19\n\nrequire example.com/lib v0.0.0\n',
  'app/main.go': `package main

import (
	"fmt"
	"net/http"
	"os"

	"example.com/lib"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, lib.Greeting("world")) })
	if err := http.ListenAndServe(":"+os.Getenv("PORT"), nil); err != nil {
		panic(err)
	}
}
`,
  'lib/go.mod': 'module example.com/lib\n\ngo 1.19\n',
  'lib/greeting.go': 'package lib\n\n// Greeting is what the service answers.\nfunc Greeting(name string) string { return "Hello from the lib module, " + name + "!" }\n',
  'tools/go.mod': 'module example.com/tools\n\ngo 1.19\n',
  'tools/cmd/migrate/main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("migrating") }\n',
};

/** Staging output as the buildpack printed it: push indents each line of it by three spaces. */
const staged = (output: string): string => output.replace(/^ {3}/gm, '');

/** The monorepo in a fresh directory, with extra or replaced files. */
async function monorepo(extra: Record<string, string> = {}): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'bpkit-go-workspace-')), 'monorepo');
  for (const [name, text] of Object.entries({ ...WORKSPACE, ...extra })) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

describe('the Go buildpack with a go.work workspace', () => {
  let deps: GoDependencyServer;
  let platform: TestPlatform;
  const running = new RunningApps();

  beforeAll(async () => {
    deps = await startGoDependencyServer();
    platform = await testPlatform({ manifests: { go: await deps.manifest() }, only: ['binary', 'go'] });
  });
  afterEach(() => running.stopAll());
  afterAll(async () => {
    await deps?.server.close();
  });

  // Every push stages the app `gowork`, so they share its build cache as pushes of one CF app do.
  async function push(dir: string, env: string[] = []): Promise<PushedApp> {
    const pushed = await running.push([dir, '--name', 'gowork', '-e', 'GOPROXY=off', ...env.flatMap((e) => ['-e', e])], platform.env);
    return pushed;
  }

  async function failedPush(dir: string, env: string[]): Promise<Finished> {
    const result = await bpkit(['push', dir, '--name', 'gowork', '-e', 'GOPROXY=off', ...env.flatMap((e) => ['-e', e])], platform.env);
    expect(result.code).not.toBe(0);
    return result;
  }

  async function dropletListing(): Promise<string[]> {
    const droplet = join(platform.env.BPKIT_HOME as string, 'apps', 'gowork', 'droplet.tgz');
    return (await run('tar', ['-tzf', droplet])).stdout.split('\n').filter(Boolean);
  }

  it('with two main packages and no GO_INSTALL_PACKAGE_SPEC, fails naming both and the variable to set', async () => {
    const out = staged((await failedPush(await monorepo(), [])).stdout);
    expect(out).toContain('-----> Go workspace: go.work uses ./app ./lib ./tools');
    expect(out).toContain(
      "**ERROR**\x1b[0m Unable to choose the package to build: the workspace's modules hold several main packages:\n" +
        '         example.com/greeter (./app)\n' +
        '         example.com/tools/cmd/migrate (./tools/cmd/migrate)\n' +
        '       Set GO_INSTALL_PACKAGE_SPEC to the one to build, e.g. cf set-env <app> GO_INSTALL_PACKAGE_SPEC example.com/greeter\n',
    );
    expect(out).toContain('Failed to compile droplet');
  });

  it('builds GO_INSTALL_PACKAGE_SPEC from the workspace (the app imports ./lib), answers over HTTP, and leaves ./tools out', async () => {
    const pushed = await push(await monorepo(), ['GO_INSTALL_PACKAGE_SPEC=./app']);
    expect(await okBody(pushed.url)).toBe('Hello from the lib module, world!');
    const out = staged(pushed.output());
    expect(out).toContain('-----> Go workspace: go.work uses ./app ./lib ./tools');
    expect(out).toMatch(new RegExp(`-----> Installing go ${deps.version.replace(/\./g, '\\.')}\\n {7}Chosen by go\\.work: go 1\\.19`));
    expect(out).toContain('-----> Running: go install -tags cloudfoundry -buildmode pie ./app\n');
    expect(out).toContain('-----> Removing the workspace modules the app does not import from the droplet: ./tools');
    expect(out).toMatch(/start command:\s+\.\/bin\/greeter/);

    // The binary go install named from the module path; the imported module stays, the unrelated one is gone
    // (neither its source nor a binary), and the toolchain never reaches the droplet.
    const listing = await dropletListing();
    expect(listing).toContain('./app/bin/greeter');
    expect(listing.filter((f) => f.startsWith('./app/bin/') && f !== './app/bin/')).toEqual(['./app/bin/greeter']);
    expect(listing).toContain('./app/lib/greeting.go');
    expect(listing.filter((f) => /tools|migrate/.test(f))).toEqual([]);
    expect(listing.filter((f) => /go1\.\d+/.test(f))).toEqual([]);
  });

  it('GOWORK=off builds the root module alone, as go does, and prunes nothing', async () => {
    const rootModule = {
      'go.mod': 'module example.com/root\n\ngo 1.19\n',
      'main.go': `package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "Hello from the root module!") })
	if err := http.ListenAndServe(":"+os.Getenv("PORT"), nil); err != nil {
		panic(err)
	}
}
`,
    };
    const pushed = await push(await monorepo(rootModule), ['GOWORK=off']);
    expect(await okBody(pushed.url)).toBe('Hello from the root module!');
    const out = staged(pushed.output());
    expect(out).not.toContain('Go workspace');
    expect(out).toContain('Chosen by go.mod: go 1.19');
    expect(out).toContain('-----> Running: go install -tags cloudfoundry -buildmode pie .\n');
    expect(out).toMatch(/start command:\s+\.\/bin\/root/);
    expect(await dropletListing()).toContain('./app/tools/cmd/migrate/main.go');
  });

  it('rejects GOFLAGS=-mod=mod, which go does not allow in workspace mode, before installing Go', async () => {
    const result = await failedPush(await monorepo(), ['GO_INSTALL_PACKAGE_SPEC=./app', 'GOFLAGS=-mod=mod']);
    expect(result.stdout).toContain(
      '**ERROR**\x1b[0m GOFLAGS sets -mod=mod, which go does not allow in workspace mode (go.work): remove it, or set GOWORK=off to build the root module alone',
    );
    expect(result.stdout).toContain('Failed to run all supply scripts');
    expect(result.stdout).not.toContain('-----> Installing go');
  });
});

// e2e/apps/go-work-vendor is what `go work vendor` (Debian's Go 1.22.12) left for a workspace whose service requires
// a module from outside it: vendor/modules.txt marked `## workspace`, and the module's source. Staging runs with
// GOPROXY=off, so the build can only come from that vendor/, which only Go 1.22+ reads in workspace mode.
describe('the Go buildpack with a workspace vendored by `go work vendor` (Go 1.22 from bookworm-backports)', () => {
  let deps: GoDependencyServer;
  let platform: TestPlatform;
  const running = new RunningApps();

  beforeAll(async () => {
    deps = await startGoDependencyServer(backportedGoTarball('1.22'));
    platform = await testPlatform({ manifests: { go: await deps.manifest() }, only: ['binary', 'go'] });
  }, 600_000);
  afterEach(() => running.stopAll());
  afterAll(async () => {
    await deps?.server.close();
  });

  it('builds the only main package from the workspace vendor/ with -mod=vendor, offline, and answers over HTTP', async () => {
    const pushed = await running.push([await copyApp('go-work-vendor'), '--name', 'goworkvendor', '-e', 'GOPROXY=off'], platform.env);
    expect(await okBody(pushed.url)).toBe('Hello from the workspace, with a vendored quote!');
    const out = staged(pushed.output());
    expect(out).toContain('-----> Go workspace: go.work uses ./api ./lib');
    expect(out).toMatch(new RegExp(`-----> Installing go ${deps.version.replace(/\./g, '\\.')}\\n {7}Chosen by go\\.work: go 1\\.22 \\(a minimum`));
    expect(out).toContain("-----> Installing package 'example.com/api', the only main package in go.work's modules");
    expect(out).not.toContain('ignores');
    expect(out).toMatch(/start command:\s+\.\/bin\/api/);
  }, 600_000);
});
