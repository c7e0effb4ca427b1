import { chmod, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTestManifest } from '@bpkit/dep-server';
import { copyApp, httpGet, okBody } from './app-http.ts';
import { type PushedApp, bpkit, ok, RunningApps } from './bpkit.ts';
import { seedApp, seedBinary } from './go-app.ts';
import { type GoDependencyServer, startGoDependencyServer } from './go-toolchain.ts';
import { type TestPlatform, testPlatform } from './test-platform.ts';
import { REPO_ROOT } from './workspace.ts';

/**
 * A non-final buildpack that reports, from inside staging, what CF's stack contract gives it: CF_STACK and
 * whether the stack's PATH has python3 (cflinuxfs4 keeps one, cflinuxfs5 has none) or node (neither has).
 */
async function stackProbe(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stack-probe-'));
  await mkdir(join(dir, 'bin'));
  const scripts = {
    detect: '#!/bin/sh\nexit 1\n',
    supply: [
      '#!/bin/sh',
      'echo "-----> stack probe: CF_STACK=$CF_STACK"',
      'command -v python3 >/dev/null && echo "       python3 on PATH" || echo "       no python3 on PATH"',
      'command -v node >/dev/null && echo "       node on PATH" || echo "       no node on PATH"',
      '',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(scripts)) {
    await writeFile(join(dir, 'bin', name), text);
    await chmod(join(dir, 'bin', name), 0o755);
  }
  return dir;
}

describe('pushes to cflinuxfs5 (bpkit push -s cflinuxfs5)', () => {
  let deps: GoDependencyServer;
  let platform: TestPlatform;
  let probe: string;
  const running = new RunningApps();

  beforeAll(async () => {
    await seedBinary();
    deps = await startGoDependencyServer();
    // The Go test manifest as the committed one is: its go entry serves cflinuxfs4 and cflinuxfs5.
    const goManifest = await buildTestManifest({
      language: 'go',
      root: dirname(deps.tarball),
      baseUrl: deps.server.url,
      dependencies: [{ name: 'go', version: deps.version, file: basename(deps.tarball), cf_stacks: ['cflinuxfs4', 'cflinuxfs5'] }],
      defaultVersions: [{ name: 'go', version: `${deps.version.split('.').slice(0, 2).join('.')}.x` }],
    });
    platform = await testPlatform({ only: ['binary', 'go'], manifests: { go: goManifest } });
    probe = await stackProbe();
  });
  afterEach(() => running.stopAll());
  afterAll(async () => {
    await deps?.server.close();
  });

  const push = (args: string[]): Promise<PushedApp> => running.push(args, platform.env);

  it('stages and runs the binary app on cflinuxfs5 with that stack\'s tools, and the app keeps its stack', async () => {
    const dir = await seedApp({ Procfile: 'web: ./app\n' });
    const pushed = await push([dir, '--name', 'bin-fs5', '-s', 'cflinuxfs5', '-b', probe, '-b', 'binary_buildpack']);
    expect(await httpGet(pushed.url)).toEqual({ status: 200, text: 'Hello, world!' });
    const out = pushed.output();
    // The staging log as cf shows it: every buildpack line indented by 3.
    expect(out).toContain('   -----> stack probe: CF_STACK=cflinuxfs5\n          no python3 on PATH\n          no node on PATH\n');
    expect(out).toContain('-----> Binary Buildpack version');
    expect(out).toMatch(/^stack:\s+cflinuxfs5$/m);
    await running.stopAll();

    // CC keeps the app's stack: a later push without -s stages on cflinuxfs5 again.
    const again = await push([dir, '--name', 'bin-fs5', '-b', probe, '-b', 'binary_buildpack']);
    expect(again.output()).toContain('CF_STACK=cflinuxfs5');
    expect(again.output()).toMatch(/^stack:\s+cflinuxfs5$/m);
    const shown = ok(await bpkit(['app', 'bin-fs5'], platform.env));
    expect(shown.stdout).toMatch(/^stack:\s+cflinuxfs5$/m);
  });

  it('stages the Go app on cflinuxfs5 from the manifest\'s cflinuxfs5 entry and serves it', async () => {
    const pushed = await push([await copyApp('go-module'), '--name', 'go-fs5', '-s', 'cflinuxfs5', '-b', probe, '-b', 'go_buildpack']);
    expect(await okBody(pushed.url)).toBe('Hello, world!');
    const out = pushed.output();
    expect(out).toContain('-----> stack probe: CF_STACK=cflinuxfs5\n');
    expect(out).toContain(`-----> Installing go ${deps.version}`);
    expect(out).toContain('-----> Running: go install -tags cloudfoundry -buildmode pie .');
    expect(out).toMatch(/^stack:\s+cflinuxfs5$/m);
  });

  it('keeps cflinuxfs4 the default: CF_STACK=cflinuxfs4', async () => {
    const pushed = await push([await seedApp({ Procfile: 'web: ./app\n' }), '--name', 'bin-fs4', '-b', probe, '-b', 'binary_buildpack']);
    expect(await httpGet(pushed.url)).toEqual({ status: 200, text: 'Hello, world!' });
    expect(pushed.output()).toContain('   -----> stack probe: CF_STACK=cflinuxfs4\n');
    expect(pushed.output()).not.toContain('CF_STACK=cflinuxfs5');
    expect(pushed.output()).toMatch(/^stack:\s+cflinuxfs4$/m);
  });

  it('refuses a stack the platform does not have with CC\'s error, before the app exists', async () => {
    const result = await bpkit(['push', await seedApp(), '--name', 'nope-fs3', '-s', 'cflinuxfs3', '-b', 'binary_buildpack'], platform.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Stack must be an existing stack\nFAILED\n');
    expect(ok(await bpkit(['apps'], platform.env)).stdout).not.toContain('nope-fs3');
  });

  it('packages a cflinuxfs5 zip, registers it for that stack only, and lists stacks as cf buildpacks does', async () => {
    const out = await mkdtemp(join(tmpdir(), 'fs5-zips-'));
    const packaged = ok(await bpkit(['package', join(REPO_ROOT, 'buildpacks', 'binary'), '--stack', 'cflinuxfs5', '-o', out], platform.env));
    expect(packaged.stdout).toMatch(/^uncached buildpack created and saved as .*\/binary_buildpack-cflinuxfs5-v[\d.]+\.zip with a size of 0MB$/m);
    const [zip] = await readdir(out);
    ok(await bpkit(['create-buildpack', 'binary_fs5', join(out, zip as string), '9'], platform.env));
    const listed = ok(await bpkit(['buildpacks'], platform.env)).stdout.split('\n');
    const header = listed[2] as string;
    expect(header.split(/ +/)).toEqual(['position', 'name', 'stack', 'enabled', 'locked', 'state', 'filename', 'lifecycle']);
    const columns = header.split(/ +/);
    // A cell is what lies under its header word, up to the next one (an empty stack is blanks there).
    const row = (name: string): Record<string, string> => {
      const line = listed.find((l) => l.split(/ +/)[1] === name) ?? '';
      return Object.fromEntries(
        columns.map((c, i) => [c, line.slice(header.indexOf(c), i + 1 < columns.length ? header.indexOf(columns[i + 1] as string) : undefined).trim()]),
      );
    };
    expect(row('binary_buildpack')).toMatchObject({ position: '1', stack: '', enabled: 'true', state: 'READY' });
    expect(row('binary_fs5')).toMatchObject({ position: '3', stack: 'cflinuxfs5', locked: 'false', state: 'READY', filename: zip, lifecycle: 'buildpack' });

    // A buildpack registered for cflinuxfs5 is not there for a cflinuxfs4 app (CC looks up name and stack).
    const refused = await bpkit(['push', await seedApp(), '--name', 'wrong-stack', '-b', 'binary_fs5', '-c', './app'], platform.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('"binary_fs5" must be an existing admin buildpack or a valid git URI');
    const pushed = await push([await seedApp(), '--name', 'right-stack', '-s', 'cflinuxfs5', '-b', 'binary_fs5', '-c', './app']);
    expect(await httpGet(pushed.url)).toEqual({ status: 200, text: 'Hello, world!' });
  });
});
