// Odd and malformed app inputs: what `bpkit stage` uploads, stages and refuses, judged against CF (the cf CLI
// uploads links as links and CC refuses bits whose links lead outside; BAL's Procfile is yaml.v2; the real
// buildpacks fail on malformed app files with one **ERROR** line), plus concurrent stagings of one app.
import { execFile } from 'node:child_process';
import { lstat, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Finished } from '../bpkit.ts';
import { type GoDependencyServer, startGoDependencyServer } from '../go-toolchain.ts';
import { type TestPlatform, testPlatform } from '../test-platform.ts';
import { type Sandbox, faultCase } from './fault-case.ts';

const run = promisify(execFile);
const ESC = '\x1b[31;1m**ERROR**\x1b[0m';

/** An app dir in the sandbox with these files (paths relative to it). */
async function appDir(sb: Sandbox, files: Record<string, string | Buffer>, name = 'app'): Promise<string> {
  const dir = join(sb.root, name);
  await mkdir(dir, { recursive: true });
  for (const [path, body] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), body);
  }
  return dir;
}

/** A buildpack dir of POSIX sh bin scripts. */
async function shBuildpack(dir: string, scripts: Record<string, string>): Promise<string> {
  await mkdir(join(dir, 'bin'), { recursive: true });
  for (const [name, body] of Object.entries(scripts)) await writeFile(join(dir, 'bin', name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return dir;
}

/** `bpkit stage APP -b binary_buildpack -o OUT`, with its wall time. */
async function stageBinary(sb: Sandbox, app: string, extra: string[] = []): Promise<Finished & { out: string; ms: number }> {
  const out = join(sb.root, 'out');
  const started = Date.now();
  const f = await sb.run(['stage', app, '-b', 'binary_buildpack', '-o', out, ...extra]);
  return { ...f, out, ms: Date.now() - started };
}

/** `tar -tvzf`: one line per entry, `name -> target` for links. */
async function listing(droplet: string): Promise<string> {
  return (await run('tar', ['-tvzf', droplet], { maxBuffer: 64 << 20 })).stdout;
}

/** Extracts a droplet into the sandbox: exact names, where a listing would escape them. */
async function extract(sb: Sandbox, droplet: string, name: string): Promise<string> {
  const dir = join(sb.root, name);
  await mkdir(dir, { recursive: true });
  await run('tar', ['-xzf', droplet, '-C', dir]);
  return dir;
}

/** Staging failed the way `bpkit stage` reports it: status line on stdout, CC's error name and FAILED on stderr. */
function expectStagingFailed(f: Finished, code: number, ccError: string): void {
  expect(f.code, `${f.stdout}\n${f.stderr}`).toBe(code);
  expect(f.stdout).toContain(`Staging failed: Exited with status ${code}`);
  expect(f.stderr).toContain(ccError);
  expect(f.stderr).toMatch(/FAILED\n$/);
}

const UPLOAD_INVALID = 'The app upload is invalid: Symlink(s) point outside of root folder';

describe('odd app dirs', () => {
  faultCase('odd app dirs', 'links to a file and a dir beside the app are refused at upload; nothing is read or written through them', async (sb) => {
    const outside = join(sb.root, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, `${sb.marker}-secret`), 'TOP-SECRET-PAYLOAD\n');
    sb.allow(outside);
    // A dir a supply would write into through the app's link: anything named with the marker there is an escape.
    const victim = join(sb.root, 'victim');
    await mkdir(victim);
    const app = await appDir(sb, { Procfile: 'web: ./run\n' });
    await symlink(join(outside, `${sb.marker}-secret`), join(app, 'leak'));
    await symlink(victim, join(app, 'escape'));
    const writer = await shBuildpack(join(sb.root, 'writer'), { supply: `cat "$1/leak"; echo pwned > "$1/escape/${sb.marker}-written"` });

    const f = await stageBinary(sb, app, ['-b', writer, '-b', 'binary_buildpack']);
    expect(f.code, f.stdout + f.stderr).toBe(1);
    expect(f.stderr).toContain(`${UPLOAD_INVALID}\n`);
    expect(f.stderr).toContain(`   escape -> ${victim}`);
    expect(f.stderr).toContain(`   leak -> ${join(outside, `${sb.marker}-secret`)}`);
    expect(f.stderr).toMatch(/FAILED\n$/);
    // Refused before any buildpack ran: no supply output, no droplet, nothing in the victim dir.
    expect(f.stdout + f.stderr).not.toContain('TOP-SECRET-PAYLOAD');
    expect(await readdir(victim)).toEqual([]);
    expect(await lstat(join(f.out, 'droplet.tgz')).catch(() => undefined)).toBeUndefined();
    // And the staging left nothing behind in the platform dir (work dir removed, no lock).
    expect(await readdir(join(sb.root, 'home', 'tmp'))).toEqual([]);
    expect(await readdir(join(sb.root, 'home', 'apps', 'app'))).not.toContain('staging.lock');
  });

  faultCase('odd app dirs', 'a link to /etc, and one that climbs out through another link, are refused', async (sb) => {
    for (const [links, shown] of [
      [{ etc: '/etc' }, '   etc -> /etc'],
      // `up` alone stays inside (the app root); `up/..` from the app root is its parent.
      [{ 'lib/up': '..', 'lib/out': 'up/..' }, '   lib/out -> up/..'],
    ] as const) {
      const app = await appDir(sb, { Procfile: 'web: ./run\n', 'lib/keep': 'k' }, `app-${Object.keys(links).length}`);
      for (const [at, target] of Object.entries(links)) await symlink(target, join(app, at));
      const f = await stageBinary(sb, app);
      expect(f.code, f.stdout + f.stderr).toBe(1);
      expect(f.stderr).toContain(`${UPLOAD_INVALID}\n${shown}\n`);
      expect(f.stderr).not.toContain('lib/up ->');
    }
  });

  faultCase('odd app dirs', 'links that stay inside the app (relative, through links, dangling) stay links in the droplet', async (sb) => {
    const app = await appDir(sb, { Procfile: 'web: ./bin/run\n', 'real/run': '#!/bin/sh\n' });
    await mkdir(join(app, 'bin'));
    await symlink('../real/run', join(app, 'bin', 'run'));
    await symlink('.', join(app, 'self'));
    await symlink('self/real', join(app, 'via-link'));
    await symlink('not/yet/there', join(app, 'dangling'));
    const f = await stageBinary(sb, app);
    expect(f.code, f.stdout + f.stderr).toBe(0);
    const list = await listing(join(f.out, 'droplet.tgz'));
    expect(list).toMatch(/ \.\/app\/bin\/run -> \.\.\/real\/run$/m);
    expect(list).toMatch(/ \.\/app\/self -> \.$/m);
    expect(list).toMatch(/ \.\/app\/via-link -> self\/real$/m);
    expect(list).toMatch(/ \.\/app\/dangling -> not\/yet\/there$/m);
  });

  faultCase('odd app dirs', 'a FIFO in the app dir neither hangs staging nor goes into the droplet', async (sb) => {
    const app = await appDir(sb, { Procfile: 'web: ./run\n', 'data/real.txt': 'r' });
    await run('mkfifo', [join(app, 'pipe'), join(app, 'data', 'nested-pipe')]);
    const f = await Promise.race([
      stageBinary(sb, app),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('bpkit stage hung on a FIFO for 30 s')), 30_000)),
    ]);
    expect(f.code, f.stdout + f.stderr).toBe(0);
    expect(f.ms).toBeLessThan(20_000);
    const list = await listing(join(f.out, 'droplet.tgz'));
    expect(list).toMatch(/ \.\/app\/data\/real\.txt$/m);
    expect(list).not.toContain('pipe');
  });

  faultCase('odd app dirs', 'odd file names (spaces, newlines, unicode, dashes, dots, shell syntax, 255 bytes, deep paths) survive into the droplet', async (sb) => {
    const names = [
      'with space',
      ' leading and trailing ',
      'new\nline',
      'tab\there',
      'carriage\rreturn',
      'ünïcødé-日本語-🚀',
      '-leading-dash',
      '--double-dash',
      '-',
      '..dots',
      '...',
      '.. ',
      'back\\slash',
      `quotes"and'apostrophes`,
      '*glob?[x]{a,b}',
      // A name that runs a command if anything evaluates it in a shell: the frame would find the marker file.
      `$(touch ${sb.marker}-injected)`,
      `\`touch ${sb.marker}-backticked\``,
      'L'.repeat(255),
      'ü'.repeat(127), // 254 bytes
    ];
    const deep = Array.from({ length: 12 }, (_, i) => String.fromCharCode(97 + i).repeat(200)).join('/');
    const files: Record<string, string> = { Procfile: 'web: ./run\n', [`${deep}/${'z'.repeat(250)}`]: 'deep' };
    for (const n of names) files[n] = `content of ${JSON.stringify(n)}`;
    const app = await appDir(sb, files);
    sb.allow(app);
    const f = await stageBinary(sb, app);
    expect(f.code, f.stdout + f.stderr).toBe(0);
    const root = await extract(sb, join(f.out, 'droplet.tgz'), 'extracted');
    sb.allow(join(root, 'app'));
    for (const n of names) expect(await readFile(join(root, 'app', n), 'utf8'), JSON.stringify(n)).toBe(`content of ${JSON.stringify(n)}`);
    expect(await readFile(join(root, 'app', deep, 'z'.repeat(250)), 'utf8')).toBe('deep');
    expect((await readdir(join(root, 'app'))).sort()).toEqual([...names, 'Procfile', deep.split('/')[0] as string].sort());
  });

  faultCase('odd app dirs', '20,000 small files stage in bounded time and all reach the droplet', async (sb) => {
    const app = join(sb.root, 'app');
    for (let d = 0; d < 20; d += 1) {
      await mkdir(join(app, `d${d}`), { recursive: true });
      await Promise.all(Array.from({ length: 1000 }, (_, i) => writeFile(join(app, `d${d}`, `f${i}`), `${d}/${i}\n`)));
    }
    await writeFile(join(app, 'Procfile'), 'web: ./run\n');
    const f = await stageBinary(sb, app);
    expect(f.code, f.stdout + f.stderr).toBe(0);
    expect(f.ms).toBeLessThan(60_000);
    const files = (await run('tar', ['-tzf', join(f.out, 'droplet.tgz')], { maxBuffer: 64 << 20 })).stdout
      .split('\n')
      .filter((l) => /^\.\/app\/d\d+\/f\d+$/.test(l));
    expect(files).toHaveLength(20_000);
    expect(new Set(files).size).toBe(20_000);
    const { stdout } = await run('tar', ['-xzOf', join(f.out, 'droplet.tgz'), './app/d19/f999']);
    expect(stdout).toBe('19/999\n');
  }, 120_000);
});

describe('malformed app files', () => {
  /** A Procfile for the binary buildpack (BAL reads it as YAML map[string]string, yaml.v2). */
  async function stageProcfile(sb: Sandbox, procfile: string | Buffer): Promise<Finished & { out: string }> {
    return stageBinary(sb, await appDir(sb, { Procfile: procfile, run: '#!/bin/sh\n' }));
  }

  const PROCFILE_INVALID = 'Failed to read command from Procfile: invalid YAML';

  faultCase('malformed app files', 'a Procfile of binary junk fails staging with BAL\'s message and exit 1', async (sb) => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    const f = await stageProcfile(sb, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe]), junk]));
    expect(f.stdout).toContain(PROCFILE_INVALID);
    expectStagingFailed(f, 1, 'StagingError - Staging error: staging failed');
  });

  faultCase('malformed app files', 'a Procfile line without a colon fails staging with BAL\'s message and exit 1', async (sb) => {
    for (const procfile of ['web: ./run\nworker ./work\n', 'just-a-command\n']) {
      const f = await stageProcfile(sb, procfile);
      expect(f.stdout).toContain(PROCFILE_INVALID);
      expectStagingFailed(f, 1, 'StagingError');
    }
  });

  faultCase('malformed app files', 'duplicate Procfile keys: the last wins, as yaml.v2 decodes them', async (sb) => {
    const f = await stageProcfile(sb, 'web: ./first\nworker: ./w\nweb: ./second\n');
    expect(f.code, f.stdout + f.stderr).toBe(0);
    const result = JSON.parse(await readFile(join(f.out, 'result.json'), 'utf8')) as { process_types: Record<string, string> };
    expect(result.process_types).toEqual({ web: './second', worker: './w' });
  });

  faultCase('malformed app files', 'a CRLF Procfile stages with the commands free of carriage returns', async (sb) => {
    const f = await stageProcfile(sb, 'web: ./run --port $PORT\r\nworker: ./work\r\n');
    expect(f.code, f.stdout + f.stderr).toBe(0);
    const result = JSON.parse(await readFile(join(f.out, 'result.json'), 'utf8')) as { process_types: Record<string, string> };
    expect(result.process_types).toEqual({ web: './run --port $PORT', worker: './work' });
    const info = (await run('tar', ['-xzOf', join(f.out, 'droplet.tgz'), './staging_info.yml'])).stdout;
    expect((JSON.parse(info) as { start_command: string }).start_command).toBe('./run --port $PORT');
  });

  faultCase('malformed app files', 'invalid JSON in package.json fails the node buildpack\'s supply with one **ERROR** line, 223, before any download', async (sb) => {
    for (const pkg of ['{"name": "x", "engines": {"node": "20.x"},,,\n', '\ufeff{ name: unquoted }', '']) {
      const app = await appDir(sb, { 'package.json': pkg, 'server.js': '' }, `node-${pkg.length}`);
      const f = await sb.run(['stage', app, '-b', 'nodejs_buildpack', '-o', join(sb.root, 'out')]);
      expect(f.stdout).toContain(`${ESC} Unable to load package.json: `);
      expect(f.stdout).not.toContain('Download [');
      expect(f.stdout).toContain('Failed to compile droplet: Failed to run all supply scripts: exit status 14');
      expectStagingFailed(f, 223, 'BuildpackCompileFailed - App staging failed in the buildpack compile phase');
    }
  });

  describe('the go buildpack', () => {
    let deps: GoDependencyServer;
    let platform: TestPlatform;
    beforeAll(async () => {
      deps = await startGoDependencyServer();
      platform = await testPlatform({ manifests: { go: await deps.manifest() }, only: ['go'] });
    });
    afterAll(async () => {
      await deps?.server.close();
    });

    const stageGo = async (sb: Sandbox, goMod: string): Promise<Finished> => {
      const app = await appDir(sb, { 'go.mod': goMod, 'main.go': 'package main\n\nfunc main() {}\n' });
      return sb.run(['stage', app, '-b', 'go_buildpack', '-o', join(sb.root, 'out')], { ...platform.env, BPKIT_HOME: sb.env.BPKIT_HOME });
    };

    faultCase('malformed app files', 'a go.mod of junk (no module directive) fails finalize with one **ERROR** line, 223', async (sb) => {
      const f = await stageGo(sb, 'this is {{ not a go.mod\n\x00\x01\n');
      expect(f.stdout).toContain(`${ESC} Unable to determine import path: go.mod has no module directive`);
      expect(f.stdout).toContain('Failed to compile droplet: Failed to run finalize script: exit status 14');
      expectStagingFailed(f, 223, 'BuildpackCompileFailed');
    });

    faultCase('malformed app files', 'a go.mod the go tool cannot parse fails with its message and one **ERROR** line, 223', async (sb) => {
      const f = await stageGo(sb, 'module example.com/x\n\ngo banana\n');
      expect(f.stdout).toMatch(/ {7}go: errors parsing go\.mod:\n\s+\S*\/go\.mod:3: invalid go version 'banana'/);
      expect(f.stdout).toContain(`${ESC} Unable to compile application: exit status 1`);
      expectStagingFailed(f, 223, 'BuildpackCompileFailed');
    });
  });

  const GEMFILE = 'source "https://rubygems.org"\ngem "rack"\n';

  faultCase('malformed app files', 'a Gemfile.lock with merge conflicts fails with Bundler\'s message, 223, before Ruby is downloaded', async (sb) => {
    const lock = 'GEM\n  remote: https://rubygems.org/\n  specs:\n<<<<<<< HEAD\n    rack (3.0.8)\n=======\n    rack (3.0.9)\n>>>>>>> theirs\n';
    const app = await appDir(sb, { Gemfile: GEMFILE, 'Gemfile.lock': lock });
    const f = await sb.run(['stage', app, '-b', 'ruby_buildpack', '-o', join(sb.root, 'out')]);
    expect(f.stdout).toContain(`${ESC} Unable to determine ruby: Your Gemfile.lock contains merge conflicts.\n`);
    // Continued on the next line at the buildpack's indent.
    expect(f.stdout).toMatch(/\n {7,}Run `git checkout HEAD -- Gemfile\.lock` first to get a clean lock\.\n/);
    expect(f.stdout).not.toContain('Download [');
    expect(f.stdout).toContain('Failed to compile droplet: Failed to run all supply scripts: exit status 14');
    expectStagingFailed(f, 223, 'BuildpackCompileFailed');
  });

  faultCase('malformed app files', 'a Gemfile.lock of binary junk or with a malformed gem version is unreadable to Bundler: 223 before any download', async (sb) => {
    for (const [lock, line] of [
      [Buffer.from([0x47, 0x45, 0x4d, 0x0a, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x89]), 1],
      [Buffer.from('GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (three.oh)\n\nBUNDLED WITH\n   2.4.19\n'), 4],
    ] as const) {
      const app = await appDir(sb, { Gemfile: GEMFILE, 'Gemfile.lock': lock }, `ruby-${line}`);
      const f = await sb.run(['stage', app, '-b', 'ruby_buildpack', '-o', join(sb.root, 'out')]);
      expect(f.stdout).toContain(
        `${ESC} Unable to determine ruby: Your lockfile is unreadable. Run \`rm Gemfile.lock\` and then \`bundle install\` to generate a new lockfile. The error occurred while evaluating Gemfile.lock:${line}:1`,
      );
      expect(f.stdout).not.toContain('Download [');
      expectStagingFailed(f, 223, 'BuildpackCompileFailed');
    }
  });
});

describe('concurrent stagings', () => {
  faultCase('concurrent stagings', 'four concurrent stagings of one app on a fresh platform all succeed with valid droplets and an intact app cache', async (sb) => {
    const files: Record<string, string> = { Procfile: 'web: ./run\n' };
    for (let i = 0; i < 200; i += 1) files[`src/f${i}`] = `${i}\n`;
    const app = await appDir(sb, files);
    // A supply that writes its cache dir non-atomically: two stagings inside it at once would see each other.
    const cacheWriter = await shBuildpack(join(sb.root, 'cache-writer'), {
      supply: [
        'if [ -e "$2/busy" ]; then echo "OVERLAP: another staging is writing this cache"; exit 1; fi',
        'echo $$ > "$2/busy"',
        'sleep 1',
        'count=$(cat "$2/count" 2>/dev/null || echo 0)',
        'echo $((count + 1)) > "$2/count"',
        'rm "$2/busy"',
      ].join('\n'),
    });
    const outs = [0, 1, 2, 3].map((i) => join(sb.root, `out-${i}`));
    const started = Date.now();
    const results = await Promise.all(
      outs.map((out) => sb.run(['stage', app, '--name', 'shared', '-b', cacheWriter, '-b', 'binary_buildpack', '-o', out])),
    );
    const elapsed = Date.now() - started;
    for (const f of results) {
      expect(f.code, f.stdout + f.stderr).toBe(0);
      expect(f.stdout).not.toContain('OVERLAP');
    }
    // They took turns: some waited, and the four 1 s supplies ran one after another.
    expect(results.filter((f) => f.stdout.includes('Waiting for another staging of app shared to finish...')).length).toBeGreaterThan(0);
    expect(elapsed).toBeGreaterThanOrEqual(4_000);
    for (const out of outs) {
      const list = await listing(join(out, 'droplet.tgz'));
      expect(list.split('\n').filter((l) => / \.\/app\/src\/f\d+$/.test(l))).toHaveLength(200);
      const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as { process_types: Record<string, string> };
      expect(result.process_types).toEqual({ web: './run' });
    }
    // The shared state: the last droplet is whole, the cache saw four supplies in turn, nothing is left over.
    const state = join(sb.root, 'home', 'apps', 'shared');
    expect((await readdir(state)).sort()).toEqual([
      'build-cache.json',
      'cache',
      'droplet.tgz',
      'droplet.tgz.segments.json',
      'result.json',
      'sbom.cdx.json',
      'sbom.spdx.json',
    ]);
    await run('tar', ['-tzf', join(state, 'droplet.tgz')]);
    const caches = (await readdir(join(state, 'cache'))).filter((d) => d !== 'final');
    expect(caches).toHaveLength(1);
    expect(await readFile(join(state, 'cache', caches[0] as string, 'count'), 'utf8')).toBe('4\n');
    expect(await readdir(join(sb.root, 'home', 'tmp'))).toEqual([]);
  });
});
