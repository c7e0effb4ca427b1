import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpGet } from './app-http.ts';
import { bpkit, freshPlatform, RunningApps, pushApp } from './bpkit.ts';
import { seedApp, seedBinary } from './go-app.ts';
import { FIXTURE_BUILDPACKS } from './workspace.ts';

describe('the seed Go server through the binary buildpack', () => {
  let env: NodeJS.ProcessEnv;
  const running = new RunningApps();

  beforeAll(async () => {
    await seedBinary();
  });

  afterEach(() => running.stopAll());

  it('answers over HTTP with a Procfile `web: ./app`', async () => {
    env = await freshPlatform();
    const dir = await seedApp({ Procfile: 'web: ./app\n' });
    const app = await running.push([dir, '-b', 'binary_buildpack'], env);
    expect(await httpGet(app.url)).toEqual({ status: 200, text: 'Hello, world!' });
    expect(app.output()).toContain('-----> Binary Buildpack version');
    expect(app.output()).toMatch(/start command:\s+\.\/app/);
  });

  it('answers over HTTP with -c ./app and the seeds\' spelling binary-buildpack', async () => {
    env = await freshPlatform();
    const dir = await seedApp();
    const app = await running.push([dir, '-c', './app', '-b', 'binary-buildpack'], env);
    expect(await httpGet(app.url)).toEqual({ status: 200, text: 'Hello, world!' });
  });

  it('fails at start with the binary buildpack\'s error when neither a Procfile nor -c gives a command', async () => {
    env = await freshPlatform();
    const dir = await seedApp();
    const err = await pushApp([dir, '-b', 'binary_buildpack'], env).catch((e: { finished: { code: number; stdout: string; stderr: string } }) => e.finished);
    expect('code' in err && err.code).toBe(1);
    const out = `${(err as { stdout: string }).stdout}${(err as { stderr: string }).stderr}`;
    expect(out).toMatch(/\[APP\/PROC\/WEB\/0\] ERR Error: no start command specified during staging or launch/);
    expect(out).toContain('Start unsuccessful');
    expect(out).toContain('FAILED');
  });

  it('exits 222 with CF\'s message when no buildpack detects the app', async () => {
    env = await freshPlatform();
    const dir = await seedApp({ Procfile: 'web: ./app\n' });
    const result = await bpkit(['push', dir], env);
    expect(result.code).toBe(222);
    expect(result.stdout).toContain('None of the buildpacks detected a compatible application');
    expect(result.stdout).toContain('Staging failed: Exited with status 222');
    expect(result.stderr).toContain('NoAppDetectedError - An app was not successfully detected by any available buildpack');
    expect(result.stderr).toContain('FAILED');
  });

  it('sources profile.d scripts in CF\'s order: droplet profile.d, app .profile.d, then .profile', async () => {
    env = await freshPlatform();
    const dir = await seedApp({
      Procfile: 'web: ./app\n',
      '.profile.d/b.sh': 'echo "profile: app .profile.d/b.sh"\n',
      '.profile.d/a.sh': 'echo "profile: app .profile.d/a.sh"\n',
      '.profile': 'echo "profile: .profile"\n',
    });
    const app = await running.push([dir, '-b', join(FIXTURE_BUILDPACKS, 'supply-tool'), '-b', 'binary_buildpack'], env);
    await httpGet(app.url);
    const lines = app
      .output()
      .split('\n')
      .filter((l) => l.includes('OUT profile:') || l.includes('Invoking'))
      .map((l) => l.replace(/^.*\] OUT /, ''));
    expect(lines).toEqual([
      'Invoking pre-start scripts.',
      'profile: supplied by deps',
      'profile: app .profile.d/a.sh',
      'profile: app .profile.d/b.sh',
      'profile: .profile',
      'Invoking start command.',
    ]);
  });

  it('puts a tool supplied by an earlier buildpack on PATH at launch', async () => {
    env = await freshPlatform();
    const dir = await seedApp();
    const app = await running.push(
      [dir, '-b', join(FIXTURE_BUILDPACKS, 'supply-tool'), '-b', 'binary_buildpack', '-c', 'hello-tool && exec ./app'],
      env,
    );
    expect((await httpGet(app.url)).text).toBe('Hello, world!');
    expect(app.output()).toMatch(/\[APP\/PROC\/WEB\/0\] OUT hello-tool from the supply buildpack/);
    expect(app.output()).toContain('supply-tool installed hello-tool');
  });

  it('exits 225 when a supply buildpack fails', async () => {
    env = await freshPlatform();
    const dir = await seedApp({ Procfile: 'web: ./app\n' });
    const result = await bpkit(['push', dir, '-b', join(FIXTURE_BUILDPACKS, 'failing-supply'), '-b', 'binary_buildpack'], env);
    expect(result.code).toBe(225);
    expect(result.stdout).toContain('this supply always fails');
    expect(result.stdout).toContain('Failed to run all supply scripts');
    expect(result.stderr).toContain('StagingError');
  });

  it('exits 224 when the final buildpack\'s release fails', async () => {
    env = await freshPlatform();
    const dir = await seedApp();
    const result = await bpkit(['push', dir, '-b', join(FIXTURE_BUILDPACKS, 'failing-release')], env);
    expect(result.code).toBe(224);
    expect(result.stdout).toContain('Failed to build droplet release');
    expect(result.stderr).toContain('BuildpackReleaseFailed - App staging failed in the buildpack release phase');
  });

  it('warns when a supply writes outside its deps dir, and fails staging with --strict', async () => {
    env = await freshPlatform();
    const dir = await seedApp({ Procfile: 'web: ./app\n' });
    const args = ['-b', join(FIXTURE_BUILDPACKS, 'writes-app'), '-b', 'binary_buildpack'];
    const app = await running.push([dir, ...args], env);
    expect(app.output()).toContain('WARNING: supply for deps/0 modified files outside deps/0: app/generated-by-supply.txt');
    const strict = await bpkit(['push', dir, ...args, '--strict'], env);
    expect(strict.code).toBe(225);
    expect(strict.stdout).toContain('Failed to run all supply scripts: supply for deps/0 modified files outside deps/0');
  });
});
