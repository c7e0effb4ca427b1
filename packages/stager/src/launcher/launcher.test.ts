import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherBin, RELEASE_WEB, run, sh, Stage } from '../testing/fixtures.ts';
import { launchEnvironment, LauncherError } from './launch-environment.ts';
import { launch, spawnLauncher } from './launcher.ts';

let stage: Stage;
let home: string;

// A droplet staged by the real builder: finalize writes droplet-root profile.d scripts, the app
// brings its own .profile.d and .profile; every script appends to TRACE.
beforeAll(async () => {
  stage = await Stage.create();
  await stage.appFile('.profile.d/00_first.sh', 'export TRACE="$TRACE app:00_first.sh"\n');
  await stage.appFile('.profile.d/b_second.txt', 'export TRACE="$TRACE app:b_second.txt"\n');
  await stage.appFile('.profile', 'export TRACE="$TRACE app:.profile"\n');
  await stage.appFile('show.sh', 'echo "TRACE=$TRACE"; echo "PWD=$PWD"; echo "ARGS=$*"\n');
  await stage.buildpack('bp', {
    finalize: sh(`printf 'export TRACE="$TRACE root:1_b.sh"\\n' > "$5/1_b.sh"
printf 'export TRACE="$TRACE root:0_a.txt"\\n' > "$5/0_a.txt"`),
    release: RELEASE_WEB('bash show.sh from-release'),
  });
  const r = await stage.builder(['bp'], true);
  expect(r.code).toBe(0);
  home = await stage.extractDroplet();
});
afterAll(async () => {
  await stage.cleanup();
});

const baseEnv = (extra: Record<string, string> = {}): Record<string, string> => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'en_US.UTF-8', ...extra });

describe('launcher executable', () => {
  it('sources ../profile.d/*, .profile.d/*, .profile in order between the two messages, then runs the staged command', async () => {
    const r = await run(launcherBin, ['app', '', ''], { cwd: home, env: baseEnv() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Invoking pre-start scripts.\nInvoking start command.\n' +
        'TRACE= root:0_a.txt root:1_b.sh app:00_first.sh app:b_second.txt app:.profile\n' +
        `PWD=${join(home, 'app')}\nARGS=from-release\n`,
    );
  });

  it('prefers the command argument and propagates its exit code', async () => {
    const r = await run(launcherBin, ['app', 'echo "cmd $HOME"; exit 7', '{}'], { cwd: home, env: baseEnv() });
    expect(r.code).toBe(7);
    expect(r.stdout).toBe(`Invoking pre-start scripts.\nInvoking start command.\ncmd ${join(home, 'app')}\n`);
  });

  it("computes CF's environment: HOME, TMPDIR, DEPS_DIR, enriched VCAP_APPLICATION, no VCAP_PLATFORM_OPTIONS, DATABASE_URL", async () => {
    const env = baseEnv({
      PORT: '8080',
      INSTANCE_GUID: 'guid-1',
      INSTANCE_INDEX: '2',
      VCAP_APPLICATION: '{"name":"app & co","limits":{"mem":256},"application_name":"app","users":null}',
      VCAP_PLATFORM_OPTIONS: '{}',
      VCAP_SERVICES: '{"db":[{"credentials":{"uri":"mysql://u:p@db:3306/x"}}]}',
    });
    const r = await run(launcherBin, ['app', 'env', ''], { cwd: home, env });
    expect(r.code).toBe(0);
    const vars = Object.fromEntries(
      r.stdout
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(vars.HOME).toBe(join(home, 'app'));
    expect(vars.TMPDIR).toBe(join(home, 'tmp'));
    expect(vars.DEPS_DIR).toBe(join(home, 'deps'));
    expect(vars.VCAP_APPLICATION).toBe(
      '{"application_name":"app","host":"0.0.0.0","instance_id":"guid-1","instance_index":2,"limits":{"mem":256},"name":"app \\u0026 co","port":8080,"users":null}',
    );
    expect('VCAP_PLATFORM_OPTIONS' in vars).toBe(false);
    expect(vars.DATABASE_URL).toBe('mysql2://u:p@db:3306/x');
  });

  it('honours config.entrypoint_prefix from staging_info.yml instead of `bash -c`', async () => {
    const root = join(home, '..', 'prefixed');
    await mkdir(join(root, 'app'), { recursive: true });
    await writeFile(
      join(root, 'staging_info.yml'),
      '{"detected_buildpack":"x","start_command":"echo \\"prefix=$PREFIXED\\"","config":{"entrypoint_prefix":"env PREFIXED=yes bash -c"}}\n',
    );
    const r = await run(launcherBin, ['app', '', ''], { cwd: root, env: baseEnv() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Invoking pre-start scripts.\nInvoking start command.\nprefix=yes\n');
  });

  it('accepts YAML staging info and rejects broken staging info with exit 1', async () => {
    const root = join(home, '..', 'yaml-info');
    await mkdir(join(root, 'app'), { recursive: true });
    await writeFile(join(root, 'staging_info.yml'), 'detected_buildpack: x\nstart_command: echo from-yaml\n');
    const ok = await run(launcherBin, ['app', '', ''], { cwd: root, env: baseEnv() });
    expect(ok.stdout.endsWith('from-yaml\n')).toBe(true);
    await writeFile(join(root, 'staging_info.yml'), 'start_command: [broken\n');
    const bad = await run(launcherBin, ['app', '', ''], { cwd: root, env: baseEnv() });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Invalid staging info - failed to unmarshal staging_info\.yml: yaml: /);
    // A Ruby-serialised object: yaml.v2 stops at the '/' in the anchor name, so CF's launcher never starts it.
    await writeFile(join(root, 'staging_info.yml'), 'detected_buildpack: x\nstart_command: &ruby/object:Pathname\n');
    const rubyObject = await run(launcherBin, ['app', '', ''], { cwd: root, env: baseEnv() });
    expect(rubyObject.code).toBe(1);
    expect(rubyObject.stdout).toBe('');
    expect(rubyObject.stderr).toMatch(/^Invalid staging info - failed to unmarshal staging_info\.yml: yaml: did not find expected alphabetic or numeric character/);
  });

  it('fails with exit 1 when there is no start command anywhere', async () => {
    const root = join(home, '..', 'empty');
    await mkdir(join(root, 'app'), { recursive: true });
    const r = await run(launcherBin, ['app', '', ''], { cwd: root, env: baseEnv() });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${launcherBin}: no start command specified or detected in droplet`);
  });

  it('needs three arguments', async () => {
    const r = await run(launcherBin, ['app', 'cmd'], { cwd: home, env: baseEnv() });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${launcherBin}: received only 2 arguments\nUsage: ${launcherBin} <app-directory> <start-command> <metadata>`);
    // Through the bundle's own file it calls itself `launcher`, never the script's path.
    const direct = await run(`${launcherBin}.mjs`, ['app', 'cmd'], { cwd: home, env: baseEnv() });
    expect(direct.stderr).toBe('launcher: received only 2 arguments\nUsage: launcher <app-directory> <start-command> <metadata>');
  });

  it('exits 3 for invalid VCAP_PLATFORM_OPTIONS', async () => {
    const r = await run(launcherBin, ['app', 'true', ''], { cwd: home, env: baseEnv({ VCAP_PLATFORM_OPTIONS: '"x"' }) });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Invalid platform options: json: cannot unmarshal string into Go value of type platformoptions.PlatformOptions');
  });

  it('dies of the signal that killed the app, and forwards SIGTERM to it', async () => {
    const child = spawn(launcherBin, ['app', 'trap "echo got-term; exit 143" TERM; echo ready; sleep 30 >/dev/null 2>&1 & wait', ''], {
      cwd: home,
      env: baseEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('ready')) resolve();
      }),
    );
    child.kill('SIGTERM');
    const [code] = await new Promise<[number | null, NodeJS.Signals | null]>((r) => child.once('close', (c, s) => r([c, s])));
    expect(out).toContain('got-term');
    expect(code).toBe(143);

    const killed = spawn(launcherBin, ['app', 'echo ready; kill -KILL $$', ''], { cwd: home, env: baseEnv(), stdio: 'ignore' });
    const signal = await new Promise<NodeJS.Signals | null>((r) => killed.once('close', (_c, s) => r(s)));
    expect(signal).toBe('SIGKILL');
  });

  it('starts fast', async () => {
    const start = performance.now();
    const r = await run(launcherBin, ['app', 'true', ''], { cwd: home, env: baseEnv() });
    expect(r.code).toBe(0);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('launcher library', () => {
  it('spawnLauncher returns the bash process running the app', async () => {
    const child = spawnLauncher({ appDir: 'app', command: 'echo "$0 $HOME"; exec sleep 30', metadata: '', cwd: home, env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve) =>
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes(join(home, 'app'))) resolve();
      }),
    );
    expect(out).toBe(`Invoking pre-start scripts.\nInvoking start command.\nbash ${join(home, 'app')}\n`);
    child.kill('SIGTERM');
    const signal = await new Promise((r) => child.once('exit', (_c, s) => r(s)));
    expect(signal).toBe('SIGTERM');
  });

  it('launch resolves with the exit code; spawnLauncher throws CF errors as LauncherError', async () => {
    expect(await launch({ appDir: 'app', command: 'exit 3', metadata: '', cwd: home, env: baseEnv(), stdio: 'ignore' })).toBe(3);
    const root = join(home, '..', 'empty2');
    await mkdir(join(root, 'app'), { recursive: true });
    expect(() => spawnLauncher({ appDir: 'app', command: '', metadata: '', cwd: root, env: baseEnv() })).toThrowError(
      new LauncherError('launcher: no start command specified or detected in droplet', 1),
    );
  });

  it('launchEnvironment computes CalcEnv without touching the process', () => {
    const env = launchEnvironment({ appDir: 'app', cwd: '/home/vcap', env: { VCAP_APPLICATION: 'not json', PORT: 'x', VCAP_PLATFORM_OPTIONS: '' } });
    expect(env).toEqual({ HOME: '/home/vcap/app', TMPDIR: '/home/vcap/tmp', DEPS_DIR: '/home/vcap/deps', VCAP_APPLICATION: 'not json', PORT: 'x' });
    const enriched = launchEnvironment({ appDir: '/droplet/app', env: { VCAP_APPLICATION: '{"b":1,"a":2}', PORT: '-5', INSTANCE_INDEX: '1.5' } });
    expect(enriched.VCAP_APPLICATION).toBe('{"a":2,"b":1,"host":"0.0.0.0","instance_id":"","port":-5}');
    expect(() => launchEnvironment({ appDir: 'app', env: { VCAP_PLATFORM_OPTIONS: '{' } })).toThrow(LauncherError);
  });
});
