// bpkit as a cf user knows it (issue 16): app manifests, user-provided services, apps that keep running under
// bpkit's supervisor after push returns, and the commands around them. Real processes, real HTTP.
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS, copyApp, httpGet, okBody } from './app-http.ts';
import { type Finished, bpkit, ok } from './bpkit.ts';
import { BPKIT } from './workspace.ts';
import { goAppBinary, seedApp } from './go-app.ts';
import { NODE_22, type NodeRuntimes, nodeRuntimes } from './node-toolchain.ts';
import { type TestPlatform, testPlatform } from './test-platform.ts';

const run = promisify(execFile);

/** `name:` then `routes:` of each app table a command printed, by app name. */
function routesByApp(output: string): Record<string, string> {
  const routes: Record<string, string> = {};
  for (const m of output.matchAll(/^name:\s+(\S+)\n(?:.*\n)*?routes:\s+(http:\/\/\S+)$/gm)) routes[m[1] as string] = m[2] as string;
  return routes;
}

/** An app dir holding the go-env test binary (answers /env/NAME, /crash). */
async function envApp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bpkit-env-app-'));
  await copyFile(await goAppBinary('go-env'), join(dir, 'app'));
  return dir;
}

/** Every pid of the platform's processes for an app: its supervisor and the instances status.json names. */
async function appPids(home: string, app: string): Promise<number[]> {
  const dir = join(home, 'apps', app);
  const pids: number[] = [];
  const supervisor = Number((await readFile(join(dir, 'supervisor.pid'), 'utf8').catch(() => '')).trim());
  if (supervisor > 0) pids.push(supervisor);
  const status = JSON.parse(await readFile(join(dir, 'status.json'), 'utf8').catch(() => '{"instances":[]}')) as { instances: { pid?: number }[] };
  for (const i of status.instances) if (i.pid) pids.push(i.pid);
  return pids;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the local platform: manifests, services and apps that keep running', () => {
  let runtimes: NodeRuntimes;
  let platform: TestPlatform;
  let env: NodeJS.ProcessEnv;
  let home: string;
  const cf = (args: string[], cwd?: string): Promise<Finished> => bpkit(args, env, cwd);

  beforeAll(async () => {
    runtimes = await nodeRuntimes([NODE_22]);
    platform = await testPlatform({ manifests: { node: runtimes.manifest }, only: ['binary', 'node'] });
    env = platform.env;
    home = env['BPKIT_HOME'] as string;
  }, 300_000);

  afterAll(async () => {
    const apps = await cf(['apps']);
    for (const m of apps.stdout.matchAll(/^(\S+)\s+(?:started|stopped)\s/gm)) await cf(['delete', m[1] as string, '-f']);
    await runtimes?.server.close();
  }, 120_000);

  it('pushes the two apps of a manifest in one command (binary and Node.js); both answer after push returns', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bpkit-manifest-'));
    const hello = await seedApp();
    const node = await copyApp('node-http');
    await writeFile(
      join(dir, 'manifest.yml'),
      `---
applications:
- name: hello
  path: ${hello}
  buildpacks: [binary_buildpack]
  command: ./app
  memory: 256M
- name: web-node
  path: ${node}
  buildpack: nodejs_buildpack
`,
    );
    const pushed = ok(await cf(['push'], dir));
    expect(pushed.stdout).toContain('Pushing app hello to org local / space local as vcap...');
    expect(pushed.stdout).toContain('Pushing app web-node to org local / space local as vcap...');
    expect(pushed.stderr).toContain("Deprecation warning: Use of 'buildpack' attribute in manifest is deprecated in favor of 'buildpacks'");
    const routes = routesByApp(pushed.stdout);
    expect(await okBody(routes['hello'] as string)).toBe('Hello, world!');
    expect(await okBody(routes['web-node'] as string)).toBe(`v${NODE_22}`);
    expect(pushed.stdout).toMatch(/memory usage:\s+256M/);

    const apps = ok(await cf(['apps']));
    expect(apps.stdout).toMatch(/^name\s+requested state\s+processes\s+routes$/m);
    expect(apps.stdout).toMatch(new RegExp(`^hello\\s+started\\s+web:1/1\\s+${routes['hello']}$`, 'm'));
    expect(apps.stdout).toMatch(/^web-node\s+started\s+web:1\/1\s+http:\/\/127\.0\.0\.1:\d+$/m);
    // push has exited; the apps still answer, their logs kept for `logs --recent`.
    expect(await okBody(routes['hello'] as string)).toBe('Hello, world!');
    const logs = ok(await cf(['logs', 'web-node', '--recent']));
    expect(logs.stdout).toMatch(/\[STG\/0\] OUT -----> Nodejs Buildpack version/);
    expect(logs.stdout).toContain('[CELL/0] OUT Container became healthy');
  });

  it('binds a user-provided service (VCAP_SERVICES, DATABASE_URL), interpolates ((vars)), and a restage after set-env shows the new value', async () => {
    const credentials = { uri: 'postgres://user:secret@127.0.0.1:5432/app', username: 'user' };
    ok(await cf(['create-user-provided-service', 'app-db', '-p', JSON.stringify(credentials), '-t', 'db,postgres']));
    const dir = await mkdtemp(join(tmpdir(), 'bpkit-manifest-'));
    await writeFile(
      join(dir, 'manifest.yml'),
      `applications:
- name: envapp
  path: ${await envApp()}
  buildpacks: [binary_buildpack]
  command: ./app
  env:
    GREETING: ((greeting))
  services:
  - app-db
`,
    );
    const pushed = ok(await cf(['push', '--var', 'greeting=hello from vars'], dir));
    const url = routesByApp(pushed.stdout)['envapp'] as string;
    expect(await okBody(`${url}/env/GREETING`)).toBe('hello from vars');
    const vcap = JSON.parse(await okBody(`${url}/env/VCAP_SERVICES`)) as Record<string, Record<string, unknown>[]>;
    expect(vcap['user-provided']).toHaveLength(1);
    expect(vcap['user-provided']?.[0]).toMatchObject({ label: 'user-provided', name: 'app-db', instance_name: 'app-db', tags: ['db', 'postgres'], credentials });
    expect(await okBody(`${url}/env/DATABASE_URL`)).toBe(credentials.uri);
    const services = ok(await cf(['services']));
    expect(services.stdout).toMatch(/^app-db\s+user-provided\s+envapp/m);

    const set = ok(await cf(['set-env', 'envapp', 'GREETING', 'hello from set-env']));
    expect(set.stdout).toContain("TIP: Use 'bpkit restage envapp' to ensure your env variable changes take effect.");
    expect(await okBody(`${url}/env/GREETING`)).toBe('hello from vars');
    const restaged = ok(await cf(['restage', 'envapp']));
    expect(restaged.stdout).toContain('Restaging app envapp in org local / space local as vcap...');
    expect(restaged.stdout).toContain('Staging app and tracing logs...');
    expect(await okBody(`${url}/env/GREETING`)).toBe('hello from set-env');
    expect(ok(await cf(['env', 'envapp'])).stdout).toMatch(/^GREETING: hello from set-env$/m);
    // The credentials are the app's, never the platform's log's.
    expect(pushed.stdout + restaged.stdout).not.toContain('secret');
  });

  it('restarts a crashed instance as Diego does, and events and logs show the crash', async () => {
    const url = routesByApp(ok(await cf(['app', 'envapp'])).stdout)['envapp'] as string;
    // `logs` streams what happens from now on, until Ctrl-C.
    const stream = spawn(process.execPath, [BPKIT, 'logs', 'envapp'], { env });
    let streamed = '';
    stream.stdout.on('data', (d: Buffer) => (streamed += d.toString()));
    const streamClosed = new Promise<number | null>((r) => stream.on('close', r));
    await until('the log stream to start', async () => (streamed.includes('Retrieving logs for app envapp') ? true : undefined));
    await httpGet(`${url}/crash`).catch(() => undefined);
    await until('the crash in events', async () => ((await cf(['events', 'envapp'])).stdout.includes('app.crash') ? true : undefined));
    expect(await until('the restarted instance', () => okBody(url))).toBe('instance 0');
    await until('the crash in the log stream', async () => (streamed.includes('Container became healthy') ? true : undefined));
    expect(streamed).toMatch(/\[APP\/PROC\/WEB\/0\] OUT crashing on request/);
    expect(streamed).toContain('[API/0] OUT Process has crashed with type: "web"');
    stream.kill('SIGINT');
    expect(await streamClosed).toBe(0);
    const events = ok(await cf(['events', 'envapp']));
    expect(events.stdout).toMatch(/^time\s+event\s+actor\s+description$/m);
    expect(events.stdout).toMatch(/app\.crash\s+envapp\s+index: 0, reason: CRASHED, .*exit_description: APP\/PROC\/WEB: Exited with status 1/);
    const logs = ok(await cf(['logs', 'envapp', '--recent']));
    expect(logs.stdout).toMatch(/\[APP\/PROC\/WEB\/0\] OUT crashing on request/);
    expect(logs.stdout).toContain('[API/0] OUT Process has crashed with type: "web"');
  });

  it('scale -i 2 runs two instances on their own ports, each with its CF_INSTANCE_INDEX', async () => {
    const scaled = ok(await cf(['scale', 'envapp', '-i', '2']));
    expect(scaled.stdout).toMatch(/instances:\s+2\/2/);
    const urls = [...scaled.stdout.matchAll(/^#(\d)\s+running\s+\S+\s+(http:\/\/\S+)$/gm)].map((m) => [m[1], m[2]] as const);
    expect(urls.map(([i]) => i)).toEqual(['0', '1']);
    for (const [index, url] of urls) expect(await okBody(url as string)).toBe(`instance ${index}`);
    expect(ok(await cf(['apps'])).stdout).toMatch(/^envapp\s+started\s+web:2\/2\s/m);
  });

  it('stop and delete leave no process behind; start brings the app back from its droplet without staging', async () => {
    const before = await appPids(home, 'envapp');
    expect(before.length).toBe(3); // the supervisor and two instances
    ok(await cf(['stop', 'envapp']));
    expect(before.filter(alive)).toEqual([]);
    expect(ok(await cf(['apps'])).stdout).toMatch(/^envapp\s+stopped\s+web:0\/2\s/m);
    const started = ok(await cf(['start', 'envapp']));
    expect(started.stdout).not.toContain('Staging app');
    expect(await okBody(routesByApp(started.stdout)['envapp'] as string)).toBe('instance 0');
    const running = await appPids(home, 'envapp');
    ok(await cf(['delete', 'envapp', '-f']));
    expect(running.filter(alive)).toEqual([]);
    expect(ok(await cf(['apps'])).stdout).not.toContain('envapp');
  });

  it('after the supervisor dies with the machine, apps shows the app stopped and start runs it again without staging', async () => {
    const pushed = ok(await cf(['push', 'reboot', '-p', await seedApp(), '-b', 'binary_buildpack', '-c', './app']));
    expect(await okBody(routesByApp(pushed.stdout)['reboot'] as string)).toBe('Hello, world!');
    for (const pid of await appPids(home, 'reboot')) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        process.kill(pid, 'SIGKILL');
      }
    }
    expect(ok(await cf(['apps'])).stdout).toMatch(/^reboot\s+stopped\s/m);
    const started = ok(await cf(['start', 'reboot']));
    expect(started.stdout).not.toContain('Staging app');
    expect(await okBody(routesByApp(started.stdout)['reboot'] as string)).toBe('Hello, world!');
  });

  it('two concurrent pushes of different apps into one BPKIT_HOME both succeed', async () => {
    const [a, b] = await Promise.all([
      cf(['push', 'twin-a', '-p', await seedApp(), '-b', 'binary_buildpack', '-c', './app']),
      cf(['push', 'twin-b', '-p', await seedApp(), '-b', 'binary_buildpack', '-c', './app']),
    ]);
    for (const [name, f] of [['twin-a', a], ['twin-b', b]] as const) expect(await okBody(routesByApp(ok(f).stdout)[name] as string)).toBe('Hello, world!');
    const apps = ok(await cf(['apps'])).stdout;
    expect(apps).toMatch(/^twin-a\s+started/m);
    expect(apps).toMatch(/^twin-b\s+started/m);
  });

  it('a malformed manifest fails as cf does, naming the app and the field; an unresolved ((var)) is named too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bpkit-manifest-'));
    await writeFile(join(dir, 'manifest.yml'), `applications:\n- name: bad\n  path: ${APPS}/go-hello\n  memory: lots\n`);
    const bad = await cf(['push'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/memory/i);
    expect(bad.stderr).toContain('FAILED');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    await writeFile(join(dir, 'manifest.yml'), `applications:\n- name: ((app_name))\n  path: .\n`);
    const unresolved = await cf(['push'], dir);
    expect(unresolved.code).toBe(1);
    expect(unresolved.stderr).toContain('app_name');
    expect(ok(await cf(['apps'])).stdout).not.toMatch(/^bad\s/m);
  });

  it('push --attach interrupted while the instance is still starting leaves no process of it behind', async () => {
    const marker = `sleep ${40_000 + Math.floor(Math.random() * 10_000)}`;
    const child = spawn(process.execPath, [BPKIT, 'push', 'attached', '-p', await seedApp(), '-b', 'binary_buildpack', '-c', marker, '--attach'], { env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const closed = new Promise<number | null>((r) => child.on('close', r));
    await until('the start command to run', async () => (out.includes('Invoking start command') ? true : undefined));
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    const { stdout } = await run('ps', ['-eo', 'args']);
    expect(stdout.split('\n').filter((l) => l.includes(marker))).toEqual([]);
    ok(await cf(['delete', 'attached', '-f']));
  });

  it('leaves no supervisor of this platform running once its apps are deleted', async () => {
    for (const name of ['hello', 'web-node', 'reboot', 'twin-a', 'twin-b']) ok(await cf(['delete', name, '-f']));
    const { stdout } = await run('ps', ['-eo', 'args']);
    expect(stdout.split('\n').filter((l) => l.includes('_supervise') && l.includes(home))).toEqual([]);
  });
});
