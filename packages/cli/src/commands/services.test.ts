// The service commands as a user runs them: src/main.ts bundled as `pnpm build` bundles it (into a temp dir,
// leaving dist/ alone), run as a process against a temp --data-dir, stdin closed or fed.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppStore, ServiceStore, boundServices, newAppRecord, vcapServices } from '@bpkit/platform';
import { type Plugin, build } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'main.ts');

/**
 * A workspace package that does not resolve (one being written while these tests run) becomes a module that
 * fails only when used, so the commands under test don't depend on every other command being complete.
 */
const stubUnresolvable: Plugin = {
  name: 'stub-unresolvable',
  setup(b) {
    b.onResolve({ filter: /^@bpkit\// }, async (args) => {
      if (args.pluginData === 'stub-unresolvable') return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'stub-unresolvable' });
      return resolved.errors.length === 0 ? resolved : { path: args.path, namespace: 'stub-unresolvable' };
    });
    b.onLoad({ filter: /.*/, namespace: 'stub-unresolvable' }, (args) => ({
      contents: `module.exports = new Proxy({}, { get: (_, key) => key === '__esModule' ? false : () => { throw new Error(${JSON.stringify('unresolved in this test bundle: ')} + ${JSON.stringify(args.path)}); } });`,
      loader: 'js',
    }));
  },
};

interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

// Each test runs a few CLI processes: more than vitest's default 5s on a loaded machine.
describe('service commands', { timeout: 60_000 }, () => {
  let work: string;
  let bin: string;
  let home: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'bpkit-cli-services-'));
    bin = join(work, 'bpkit.mjs');
    // The options of packages/bundle/bin/bundle-executables.mjs.
    await build({
      entryPoints: [MAIN],
      outfile: bin,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      banner: { js: "import { createRequire as __bpkitCreateRequire } from 'node:module';\nconst require = __bpkitCreateRequire(import.meta.url);" },
      logLevel: 'silent',
      plugins: [stubUnresolvable],
    });
  }, 120_000);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });
  beforeEach(async () => {
    home = await mkdtemp(join(work, 'home-'));
  });

  /** Runs bpkit with `--data-dir` appended; stdin holds `input`, or nothing. */
  function bpkit(args: string[], input?: string): Promise<Finished> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, ...args, '--data-dir', home], {
        env: { ...process.env, BPKIT_HOME: join(work, 'not-this-one') },
        stdio: 'pipe',
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
      // Closed at once without input: the command reads EOF, as from </dev/null.
      child.stdin.end(input ?? '');
    });
  }
  const addApp = (name: string) => new AppStore(home).update(name, () => newAppRecord(name, '/tmp/x'));
  const bindings = async (app: string) => (await new AppStore(home).require(app)).services;

  it('answers to cf\'s names and aliases, with help', async () => {
    const help = await bpkit(['help', 'cups']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('NAME:\n   create-user-provided-service - ');
    expect(help.stdout).toContain('USAGE:\n   bpkit create-user-provided-service SERVICE_INSTANCE [-p CREDENTIALS] [-l SYSLOG_DRAIN_URL] [-r ROUTE_SERVICE_URL] [-t TAGS]');
    expect(help.stdout).toContain('ALIAS:\n   cups\n');
    for (const [alias, name] of [['uups', 'update-user-provided-service'], ['bs', 'bind-service'], ['us', 'unbind-service'], ['s', 'services'], ['ds', 'delete-service']]) {
      const r = await bpkit([alias as string, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`NAME:\n   ${name} - `);
    }
    const list = await bpkit(['help']);
    for (const name of ['services', 'create-user-provided-service', 'update-user-provided-service', 'bind-service', 'unbind-service', 'delete-service']) {
      expect(list.stdout).toMatch(new RegExp(`^   ${name} +`, 'm'));
    }
  });

  it('create-user-provided-service and services: cf\'s output, then CC\'s error for a taken name', async () => {
    const empty = await bpkit(['services']);
    expect(empty).toEqual({ code: 0, stdout: 'Getting service instances in org local / space local as vcap...\n\nNo service instances found.\n', stderr: '' });

    // cf trims the quotes a Windows shell leaves around the JSON.
    const created = await bpkit(['cups', 'my-db', '-p', `'{"uri":"postgres://u:p@h:5432/db"}'`, '-t', 'sql, pg,', '-l', 'syslog://logs.example.com']);
    expect(created).toEqual({ code: 0, stdout: 'Creating user provided service my-db in org local / space local as vcap...\nOK\n\n', stderr: '' });
    expect(await new ServiceStore(home).require('my-db')).toMatchObject({
      credentials: { uri: 'postgres://u:p@h:5432/db' },
      tags: ['sql', 'pg'],
      syslogDrainUrl: 'syslog://logs.example.com',
    });
    await bpkit(['create-user-provided-service', 'a-cache']);

    const listed = await bpkit(['s']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe(
      [
        'Getting service instances in org local / space local as vcap...',
        '',
        'name      offering        plan   bound apps   last operation     broker   upgrade available',
        'a-cache   user-provided                       create succeeded',
        'my-db     user-provided                       create succeeded',
        '',
      ].join('\n'),
    );

    const taken = await bpkit(['cups', 'my-db', '-p', '{"other":1}']);
    expect(taken).toEqual({
      code: 1,
      stdout: 'Creating user provided service my-db in org local / space local as vcap...\n',
      stderr: 'The service instance name is taken: my-db\nFAILED\n',
    });
    expect((await new ServiceStore(home).require('my-db')).credentials).toEqual({ uri: 'postgres://u:p@h:5432/db' });
  });

  it('reads -p from a JSON file, refuses a file of invalid JSON as cf does, and checks the route service URL', async () => {
    const good = join(home, 'creds.json');
    await writeFile(good, '{"username":"admin","password":"pa55woRD"}\n');
    expect((await bpkit(['cups', 'from-file', '-p', good])).code).toBe(0);
    expect((await new ServiceStore(home).require('from-file')).credentials).toEqual({ username: 'admin', password: 'pa55woRD' });

    const bad = join(home, 'bad.json');
    await writeFile(bad, '{"this is":"invalid JSON"');
    const refused = await bpkit(['cups', 'x', '-p', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(new RegExp(`^Incorrect Usage: The file '${bad}' contains invalid JSON\\. Please provide a path to a file containing a valid JSON object\\.\\n\\nNAME:`));

    // Where cf would prompt for a credential named `{"a":1`.
    const inline = await bpkit(['cups', 'x', '-p', '{"a":1']);
    expect(inline.code).toBe(1);
    expect(inline.stdout).toBe('');
    expect(inline.stderr).toMatch(/^Incorrect Usage: Invalid configuration provided for -p flag\. Please provide a valid JSON object or path to a file containing a valid JSON object\.\n\nNAME:/);

    const http = await bpkit(['cups', 'route', '-r', 'http://route.example.com']);
    expect(http.code).toBe(1);
    expect(http.stderr).toBe('Route service url must be https\nFAILED\n');
  });

  it('-p with names prompts for each value on stdin, as cf does without a terminal; a closed stdin fails with EOF', async () => {
    const prompted = await bpkit(['cups', 'asked', '-p', 'username, password'], 'admin\ns3cret\n');
    expect(prompted).toEqual({
      code: 0,
      stdout: 'username: \npassword: \nCreating user provided service asked in org local / space local as vcap...\nOK\n\n',
      stderr: '',
    });
    expect((await new ServiceStore(home).require('asked')).credentials).toEqual({ username: 'admin', password: 's3cret' });

    const closed = await bpkit(['cups', 'never', '-p', 'username']);
    expect(closed).toEqual({ code: 1, stdout: 'username: ', stderr: 'EOF\nFAILED\n' });
    expect(await new ServiceStore(home).get('never')).toBeUndefined();
  });

  it('fails on missing or extra arguments with cf\'s Incorrect Usage', async () => {
    const none = await bpkit(['cups']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^Incorrect Usage: the required argument `SERVICE_INSTANCE` was not provided\n\nNAME:/);
    const extra = await bpkit(['cups', 'name', 'extraparam']);
    expect(extra.stderr).toMatch(/^Incorrect Usage: unexpected argument "extraparam"\n/);
    const bind = await bpkit(['bind-service']);
    expect(bind.stderr).toMatch(/^Incorrect Usage: the required arguments `APP_NAME` and `SERVICE_INSTANCE` were not provided\n/);
    const bindOne = await bpkit(['bs', 'web']);
    expect(bindOne.stderr).toMatch(/^Incorrect Usage: the required argument `SERVICE_INSTANCE` was not provided\n/);
    const services = await bpkit(['services', 'lala']);
    expect(services.code).toBe(1);
    expect(services.stderr).toMatch(/^Incorrect Usage: unexpected argument "lala"\n/);
  });

  it('bind-service: cf\'s texts for success, a second bind, and an unknown instance or app', async () => {
    await addApp('web');
    await bpkit(['cups', 'my-db', '-p', '{"uri":"mysql://u:p@h/db"}']);

    const noService = await bpkit(['bind-service', 'web', 'nope']);
    expect(noService).toEqual({
      code: 1,
      stdout: 'Binding service instance nope to app web in org local / space local as vcap...\n',
      stderr: "Service instance 'nope' not found\nFAILED\n",
    });
    const noApp = await bpkit(['bind-service', 'ghost', 'my-db']);
    expect(noApp).toEqual({
      code: 1,
      stdout: 'Binding service instance my-db to app ghost in org local / space local as vcap...\n',
      stderr: "App 'ghost' not found\nFAILED\n",
    });
    const params = await bpkit(['bs', 'web', 'my-db', '-c', '{"foo":"bar"}']);
    expect(params.code).toBe(1);
    expect(params.stderr).toBe('Binding parameters are not supported for user-provided service instances\nFAILED\n');
    const badParams = await bpkit(['bs', 'web', 'my-db', '-c', '{"not":json"}']);
    expect(badParams.stderr).toMatch(/^Incorrect Usage: Invalid configuration provided for -c flag\. Please provide a valid JSON object or path to a file containing a valid JSON object\.\n/);
    expect(await bindings('web')).toEqual([]);

    const bound = await bpkit(['bind-service', 'web', 'my-db']);
    expect(bound).toEqual({
      code: 0,
      stdout:
        "Binding service instance my-db to app web in org local / space local as vcap...\nOK\n\nTIP: Use 'bpkit restage web' to ensure your env variable changes take effect\n",
      stderr: '',
    });
    const again = await bpkit(['bs', 'web', 'my-db']);
    expect(again).toEqual({
      code: 0,
      stdout: 'Binding service instance my-db to app web in org local / space local as vcap...\nApp web is already bound to service instance my-db.\nOK\n\n',
      stderr: '',
    });
    expect(await bindings('web')).toEqual(['my-db']);

    const record = await new AppStore(home).require('web');
    const vcap = vcapServices(await boundServices(home, record), record.guid) as Record<string, Array<Record<string, unknown>>>;
    expect(vcap['user-provided']?.[0]).toMatchObject({ name: 'my-db', credentials: { uri: 'mysql://u:p@h/db' } });
  });

  it('update-user-provided-service replaces what it is given, and services shows bound apps and the update', async () => {
    await addApp('web');
    await addApp('worker');
    await bpkit(['cups', 'my-db', '-p', '{"user":"a","password":"b"}', '-t', 'x']);
    await bpkit(['bs', 'web', 'my-db']);
    await bpkit(['bs', 'worker', 'my-db']);

    const nothing = await bpkit(['uups', 'my-db']);
    expect(nothing).toEqual({
      code: 0,
      stdout: 'Updating user provided service my-db in org local / space local as vcap...\nNo flags specified. No changes were made.\nOK\n\n',
      stderr: '',
    });
    const updated = await bpkit(['update-user-provided-service', 'my-db', '-p', '{"uri":"postgres://h/db"}']);
    expect(updated).toEqual({
      code: 0,
      stdout:
        "Updating user provided service my-db in org local / space local as vcap...\nOK\n\nTIP: Use 'bpkit restage' for any bound apps to ensure your env variable changes take effect\n",
      stderr: '',
    });
    expect(await new ServiceStore(home).require('my-db')).toMatchObject({ credentials: { uri: 'postgres://h/db' }, tags: ['x'] });

    const missing = await bpkit(['uups', 'nope', '-t', 'a']);
    expect(missing).toEqual({
      code: 1,
      stdout: 'Updating user provided service nope in org local / space local as vcap...\n',
      stderr: "Service instance 'nope' not found\nFAILED\n",
    });

    const listed = await bpkit(['services']);
    expect(listed.stdout.split('\n').slice(2)).toEqual([
      'name    offering        plan   bound apps    last operation     broker   upgrade available',
      'my-db   user-provided          web, worker   update succeeded',
      '',
    ]);
    const noApps = await bpkit(['services', '--no-apps']);
    expect(noApps.stdout.split('\n').slice(2, 4)).toEqual([
      'name    offering        plan   last operation     broker   upgrade available',
      'my-db   user-provided          update succeeded',
    ]);
  });

  it('unbind-service: unbinds, and says so when there was no binding', async () => {
    await addApp('web');
    await bpkit(['cups', 'my-db']);
    await bpkit(['bs', 'web', 'my-db']);
    const unbound = await bpkit(['unbind-service', 'web', 'my-db']);
    expect(unbound).toEqual({ code: 0, stdout: 'Unbinding app web from service my-db in org local / space local as vcap...\nOK\n\n', stderr: '' });
    expect(await bindings('web')).toEqual([]);
    const again = await bpkit(['us', 'web', 'my-db']);
    expect(again).toEqual({
      code: 0,
      stdout: 'Unbinding app web from service my-db in org local / space local as vcap...\nBinding between my-db and web did not exist\nOK\n\n',
      stderr: '',
    });
    const noApp = await bpkit(['us', 'ghost', 'my-db']);
    expect(noApp.code).toBe(1);
    expect(noApp.stderr).toBe("App 'ghost' not found\nFAILED\n");
  });

  it('delete-service asks first: a closed stdin fails with EOF, n cancels, yes deletes', async () => {
    await bpkit(['cups', 'my-db']);
    const warning =
      'This action impacts all resources scoped to this service instance, including service bindings, service keys and route bindings.\n' +
      'This will remove the service instance from any spaces where it has been shared.\n';

    const closed = await bpkit(['delete-service', 'my-db']);
    expect(closed).toEqual({ code: 1, stdout: `${warning}Really delete the service instance my-db? [yN]: `, stderr: 'EOF\nFAILED\n' });
    expect(await new ServiceStore(home).get('my-db')).toBeDefined();

    const no = await bpkit(['ds', 'my-db'], 'n\n');
    expect(no).toEqual({ code: 0, stdout: `${warning}Really delete the service instance my-db? [yN]: n\nDelete cancelled\n`, stderr: '' });
    const blank = await bpkit(['ds', 'my-db'], '\n');
    expect(blank.stdout).toBe(`${warning}Really delete the service instance my-db? [yN]: \nDelete cancelled\n`);
    expect(await new ServiceStore(home).get('my-db')).toBeDefined();

    const yes = await bpkit(['ds', 'my-db'], 'maybe\nyes\n');
    expect(yes).toEqual({
      code: 0,
      stdout:
        `${warning}Really delete the service instance my-db? [yN]: maybe\ninvalid input (not y, n, yes, or no)\n` +
        'Really delete the service instance my-db? [yN]: yes\n' +
        'Deleting service instance my-db in org local / space local as vcap...\n\nService instance my-db deleted.\nOK\n\n',
      stderr: '',
    });
    expect(await new ServiceStore(home).get('my-db')).toBeUndefined();
  });

  it('delete-service -f removes the bindings with the instance, as CC does, and succeeds for an unknown name', async () => {
    await addApp('web');
    await bpkit(['cups', 'my-db']);
    await bpkit(['cups', 'cache']);
    await bpkit(['bs', 'web', 'my-db']);
    await bpkit(['bs', 'web', 'cache']);
    const deleted = await bpkit(['delete-service', 'my-db', '-f']);
    expect(deleted).toEqual({
      code: 0,
      stdout: 'Deleting service instance my-db in org local / space local as vcap...\n\nService instance my-db deleted.\nOK\n\n',
      stderr: '',
    });
    expect(await bindings('web')).toEqual(['cache']);

    const gone = await bpkit(['ds', '-f', 'my-db']);
    expect(gone).toEqual({
      code: 0,
      stdout: 'Deleting service instance my-db in org local / space local as vcap...\n\nService instance my-db did not exist.\nOK\n\n',
      stderr: '',
    });
  });
});
