// Hostile buildpack zips, each handed to `bpkit create-buildpack` and to staging with `-b` as a zip on disk and as
// a zip URL (the builder's own download): a CF-style error with CF's exit code, nothing written outside the target,
// nothing half-installed left in BPKIT_HOME, no stack trace, and bombs bounded in time and memory. Then the
// registry under concurrent create-buildpacks on one BPKIT_HOME.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { type CraftedEntry, craftZip, deflatedZeros } from '@bpkit/dep-server';
import { afterAll, beforeAll, expect } from 'vitest';
import { type Finished, bpkit, freshPlatform } from '../bpkit.ts';
import { BPKIT } from '../workspace.ts';
import { type Sandbox, faultCase } from './fault-case.ts';

const HOSTILE = 'hostile buildpack zips';
const CONCURRENT = 'concurrent create-buildpack';

const script = (body: string): string => `#!/bin/sh\n${body}\n`;

/** A buildpack that stages anything: sh scripts for all four phases and a manifest (with `stack:` if given). */
function validBuildpack(language: string, stack?: string): CraftedEntry[] {
  return [
    { name: 'bin/detect', body: script(`echo ${language}`), mode: 0o755 },
    { name: 'bin/supply', body: script(`echo "-----> ${language} supply"`), mode: 0o755 },
    { name: 'bin/finalize', body: script(`echo "-----> ${language} finalize"`), mode: 0o755 },
    { name: 'bin/release', body: script("echo '---'; echo 'default_process_types:'; echo '  web: ./start'"), mode: 0o755 },
    { name: 'manifest.yml', body: `language: ${language}\n${stack ? `stack: ${stack}\n` : ''}` },
  ];
}

// ---- the platform under test ---------------------------------------------------------------------------------

/** Serves registered zips over HTTP for `-b http://…/x.zip`, which the builder downloads and unzips itself. */
let server: Server;
let serverUrl: string;
const served = new Map<string, string>();
/** `bpkit buildpacks` rows of a fresh platform: the workspace's system buildpacks. */
let systemRows: string[];

beforeAll(async () => {
  server = createServer((req, res) => {
    const file = served.get(req.url ?? '');
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/zip' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  systemRows = listedRows(await bpkit(['buildpacks'], await freshPlatform()));
  expect(systemRows.length).toBeGreaterThan(0);
});

afterAll(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
});

function serve(zip: string): string {
  const path = `/${randomBytes(4).toString('hex')}/${basename(zip)}`;
  served.set(path, zip);
  return `${serverUrl}${path}`;
}

/** `bpkit buildpacks` table rows (header and banner dropped), whitespace-normalised. */
function listedRows(f: Finished): string[] {
  expect(f.code, f.stderr).toBe(0);
  return f.stdout
    .split('\n')
    .filter((l) => /^\d+\s/.test(l))
    .map((l) => l.replace(/\s+/g, ' ').trim());
}

interface Platform {
  env: NodeJS.ProcessEnv;
  home: string;
  /** The runs' TMPDIR, inside the sandbox so leftovers there are seen. */
  tmp: string;
  app: string;
  out: string;
}

async function platform(sb: Sandbox): Promise<Platform> {
  const tmp = join(sb.root, 'tmp');
  const app = join(sb.root, 'app');
  await mkdir(tmp, { recursive: true });
  await mkdir(app, { recursive: true });
  await writeFile(join(app, 'hello.txt'), 'hello\n');
  return { env: { ...sb.env, TMPDIR: tmp }, home: sb.env.BPKIT_HOME as string, tmp, app, out: join(sb.root, 'out') };
}

async function writeZip(sb: Sandbox, file: string, entries: CraftedEntry[] | Buffer): Promise<string> {
  const path = join(sb.root, 'zips', file);
  await mkdir(join(sb.root, 'zips'), { recursive: true });
  await writeFile(path, Buffer.isBuffer(entries) ? entries : craftZip(entries));
  return path;
}

const names = async (dir: string): Promise<string[]> => (await readdir(dir).catch(() => [] as string[])).sort();

/** The registry still holds only the system buildpacks, and no bits, temp dirs, droplet or lock were left behind. */
async function expectNothingInstalled(sb: Sandbox, p: Platform): Promise<void> {
  expect(listedRows(await sb.run(['buildpacks'], p.env))).toEqual(systemRows);
  expect(await names(join(p.home, 'buildpacks'))).toEqual([]);
  expect(await names(join(p.home, 'tmp'))).toEqual([]);
  expect((await names(p.home)).filter((n) => n !== 'buildpacks.json' && /buildpacks\.json/.test(n))).toEqual([]);
  expect(await names(p.tmp)).toEqual([]);
  expect(existsSync(p.out)).toBe(false);
}

const regexLiteral = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** cf CLI style: the message, then FAILED, exit 1; never a stack. */
function expectCfFailure(f: Finished, message: string | RegExp): void {
  expect(f.code, `${f.stdout}\n${f.stderr}`).toBe(1);
  if (typeof message === 'string') expect(f.stderr).toContain(`${message}\nFAILED\n`);
  else expect(f.stderr).toMatch(new RegExp(`${message.source}\nFAILED\n`));
}

/** A custom buildpack the builder could not fetch: its error on the staging log, exit 1 (CC: StagingError). */
function expectStagingError(f: Finished, message: string | RegExp, code = 1): void {
  expect(f.code, `${f.stdout}\n${f.stderr}`).toBe(code);
  if (typeof message === 'string') expect(f.stdout).toContain(message);
  else expect(f.stdout).toMatch(message);
  expect(f.stdout).toContain(`Staging failed: Exited with status ${code}`);
  expect(f.stderr).toContain('StagingError - Staging error: staging failed\nFAILED\n');
}

interface Refusal {
  /** What create-buildpack says before FAILED. */
  create: string;
  /** Why staging could not unpack it: after `Failed to extract buildpack '<zip>': `. */
  extract: string;
}

/** create-buildpack ZIP, stage -b ZIP, stage -b URL: each refuses it, and nothing is left. */
async function expectRefused(sb: Sandbox, p: Platform, zip: string, refusal: Refusal): Promise<void> {
  expectCfFailure(await sb.run(['create-buildpack', 'hostile', zip, '1'], p.env), refusal.create);
  expectCfFailure(await sb.run(['stage', p.app, '-b', zip, '-o', p.out], p.env), `Failed to extract buildpack '${zip}': ${refusal.extract}`);
  const url = serve(zip);
  expectStagingError(await sb.run(['stage', p.app, '-b', url, '-o', p.out], p.env), `Failed to extract buildpack '${url}': ${refusal.extract}`);
  await expectNothingInstalled(sb, p);
}

// ---- hostile zips --------------------------------------------------------------------------------------------

faultCase(HOSTILE, 'zip-slip: ../ entries', async (sb) => {
  const p = await platform(sb);
  for (const name of [`../../${sb.marker}`, `bin/../../${sb.marker}`, `bin/..\\..\\${sb.marker}`]) {
    const zip = await writeZip(sb, 'slip.zip', [...validBuildpack('slip'), { name, body: 'pwned' }]);
    // yauzl reads DOS separators as '/', so the message names the entry that way.
    const reason = `refusing to extract ${name.replace(/\\/g, '/')}: path contains '..'`;
    await expectRefused(sb, p, zip, { create: `Buildpack zip error: ${reason}`, extract: reason });
  }
});

faultCase(HOSTILE, 'absolute-path entries', async (sb) => {
  const p = await platform(sb);
  for (const name of [`/tmp/${sb.marker}`, join(sb.root, sb.marker)]) {
    const zip = await writeZip(sb, 'absolute.zip', [...validBuildpack('absolute'), { name, body: 'pwned' }]);
    const reason = `refusing to extract ${name}: absolute path`;
    await expectRefused(sb, p, zip, { create: `Buildpack zip error: ${reason}`, extract: reason });
  }
});

faultCase(HOSTILE, 'a symlink pointing outside, then an entry written through it', async (sb) => {
  const p = await platform(sb);
  const outside = join(sb.root, 'outside');
  await mkdir(outside);
  const cases: Array<[string, CraftedEntry[], string]> = [
    ['absolute link', [{ name: 'link', kind: 'symlink', body: outside }, { name: `link/${sb.marker}`, body: 'pwned' }], `refusing to extract link: link to absolute path ${outside}`],
    ['link to /tmp', [{ name: 'link', kind: 'symlink', body: '/tmp' }, { name: `link/${sb.marker}`, body: 'pwned' }], 'refusing to extract link: link to absolute path /tmp'],
    [
      'link climbing out',
      [{ name: 'bin/link', kind: 'symlink', body: '../../../../../../../..' + outside }, { name: `bin/link/${sb.marker}`, body: 'pwned' }],
      `refusing to extract bin/link: link target ../../../../../../../..${outside} escapes the install directory`,
    ],
    // Each link is harmless on paper (`a -> .`, `b -> a/..` normalises to `.`); on disk b is the target's parent.
    [
      'link chain',
      [{ name: 'a', kind: 'symlink', body: '.' }, { name: 'b', kind: 'symlink', body: 'a/..' }, { name: `b/${sb.marker}`, body: 'pwned' }],
      `refusing to extract into b: it resolves outside the install directory`,
    ],
    [
      'link chain, into a dir not made yet',
      [{ name: 'a', kind: 'symlink', body: '.' }, { name: 'b', kind: 'symlink', body: 'a/..' }, { name: `b/${sb.marker}-dir/${sb.marker}`, body: 'pwned' }],
      `refusing to extract into b/${sb.marker}-dir: it resolves outside the install directory`,
    ],
    // An entry of the same name as an earlier link would be written (or chmod'ed) wherever the link points.
    [
      'a link, then a file of the same name',
      [{ name: 'a', kind: 'symlink', body: '.' }, { name: 'b', kind: 'symlink', body: 'a/..' }, { name: 'c', kind: 'symlink', body: `b/${sb.marker}` }, { name: 'c', body: 'pwned' }],
      'refusing to extract c: it would write through the link extracted there before',
    ],
    [
      'a link, then a directory of the same name',
      [{ name: 'a', kind: 'symlink', body: '.' }, { name: 'b', kind: 'symlink', body: 'a/..' }, { name: 'c', kind: 'symlink', body: 'b' }, { name: 'c', kind: 'dir', mode: 0o700 }],
      'refusing to extract into c: it resolves outside the install directory',
    ],
  ];
  for (const [label, entries, reason] of cases) {
    const zip = await writeZip(sb, `${label.replace(/\W+/g, '-')}.zip`, [...validBuildpack('links'), ...entries]);
    await expectRefused(sb, p, zip, { create: `Buildpack zip error: ${reason}`, extract: reason });
  }
  expect(await names(outside)).toEqual([]);
});

faultCase(HOSTILE, 'not a zip: random bytes, a text file named .zip, a truncated zip', async (sb) => {
  const p = await platform(sb);
  const random = await writeZip(sb, 'random.zip', randomBytes(64 << 10));
  const text = await writeZip(sb, 'readme.zip', Buffer.from('This is not a zip file, just text with a .zip name.\n'));
  // CC's upload check reads the first four bytes: they are a zip's, but the central directory is cut off.
  const whole = craftZip(validBuildpack('truncated'));
  const truncated = await writeZip(sb, 'truncated.zip', whole.subarray(0, whole.length - 30));
  for (const zip of [random, text]) {
    await expectRefused(sb, p, zip, { create: `${basename(zip)} is not a zip`, extract: 'zip: not a valid zip file' });
  }
  await expectRefused(sb, p, truncated, { create: 'Buildpack zip error: buildpack zipfile is not valid', extract: 'zip: not a valid zip file' });
});

faultCase(HOSTILE, 'an empty file and an empty zip (no entries)', async (sb) => {
  const p = await platform(sb);
  const empty = await writeZip(sb, 'empty.zip', Buffer.alloc(0));
  await expectRefused(sb, p, empty, { create: 'empty.zip cannot be empty', extract: 'zip: not a valid zip file' });

  // A zip of nothing is only its end record (PK\5\6), not an archive to CC's upload check. The builder unpacks it
  // to an empty dir and then finds no bin/: BAL's lookup error, failing the supply step (exit 225).
  const nothing = await writeZip(sb, 'nothing.zip', craftZip([]));
  expectCfFailure(await sb.run(['create-buildpack', 'hostile', nothing, '1'], p.env), 'nothing.zip is not a zip');
  const local = await sb.run(['stage', p.app, '-b', nothing, '-o', p.out], p.env);
  expectStagingError(local, `Failed to run all supply scripts: malformed buildpack does not contain a /bin dir: ${nothing}`, 225);
  const url = serve(nothing);
  const fetched = await sb.run(['stage', p.app, '-b', url, '-o', p.out], p.env);
  expect(fetched.stdout).toContain(`Downloaded buildpack \`${url}\` (22B)`);
  expectStagingError(fetched, `Failed to run all supply scripts: malformed buildpack does not contain a /bin dir: ${url}`, 225);
  await expectNothingInstalled(sb, p);
});

faultCase(HOSTILE, 'bin/detect, supply, finalize, release not executable (0644)', async (sb) => {
  const p = await platform(sb);
  const zip = await writeZip(
    sb,
    'noexec.zip',
    validBuildpack('noexec').map((e) => (e.name.startsWith('bin/') ? { ...e, mode: 0o644 } : e)),
  );
  // CC takes the bits as they are (it only reads manifest.yml); the builder finds out when it runs them.
  const created = await sb.run(['create-buildpack', 'noexec', zip, '1'], p.env);
  expect(created.code, created.stderr).toBe(0);
  expect(created.stdout).toContain('OK');
  expect(listedRows(await sb.run(['buildpacks'], p.env))[0]).toBe('1 noexec true false READY noexec.zip buildpack');

  // Detect: BAL warns, runs it anyway, exec fails, so it does not match, and neither does any system buildpack.
  const detected = await sb.run(['stage', p.app, '-o', p.out], p.env);
  expect(detected.code).toBe(222);
  expect(detected.stdout).toContain("WARNING: buildpack script '/bin/detect' is not executable");
  expect(detected.stdout).toContain('None of the buildpacks detected a compatible application');
  expect(detected.stderr).toContain('NoAppDetectedError - An app was not successfully detected by any available buildpack\nFAILED\n');

  // Named with -b (detect skipped): the final buildpack's supply cannot be exec'd; every failure of the final
  // buildpack is wrapped in "Failed to compile droplet", so 223, BuildpackCompileFailed.
  for (const spec of ['noexec', zip, serve(zip)]) {
    const staged = await sb.run(['stage', p.app, '-b', spec, '-o', p.out], p.env);
    expect(staged.code, `${staged.stdout}\n${staged.stderr}`).toBe(223);
    expect(staged.stdout).toMatch(/Failed to compile droplet: Failed to run all supply scripts: fork\/exec \S+\/bin\/supply: permission denied/);
    expect(staged.stdout).toContain('Staging failed: Exited with status 223');
    expect(staged.stderr).toContain('BuildpackCompileFailed - App staging failed in the buildpack compile phase\nFAILED\n');
  }
  expect(existsSync(p.out)).toBe(false);
  expect(await names(join(p.home, 'tmp'))).toEqual([]);

  const deleted = await sb.run(['delete-buildpack', 'noexec', '-f'], p.env);
  expect(deleted.code, deleted.stderr).toBe(0);
  await expectNothingInstalled(sb, p);
});

// ---- bombs ---------------------------------------------------------------------------------------------------

const BOMB_SECONDS = 30;
const BOMB_RSS_MIB = 256;
const GNU_TIME = '/usr/bin/time';

/** Runs bpkit and measures its peak RSS: GNU time's %M (from wait4) if installed, else VmHWM polled from /proc. */
function measuredRun(args: string[], env: NodeJS.ProcessEnv): Promise<Finished & { peakRssMib: number; seconds: number }> {
  const timed = existsSync(GNU_TIME);
  const tag = 'bpkit-fault-peak-rss-kb=';
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child: ChildProcess = timed
      ? spawn(GNU_TIME, ['-f', `${tag}%M`, process.execPath, BPKIT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, [BPKIT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let polledKb = 0;
    const poll = timed
      ? undefined
      : setInterval(() => {
          readFile(`/proc/${child.pid}/status`, 'utf8')
            .then((s) => (polledKb = Math.max(polledKb, Number(/^VmHWM:\s+(\d+)/m.exec(s)?.[1] ?? 0))))
            .catch(() => undefined);
        }, 20);
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const m = new RegExp(`^${tag}(\\d+)$`, 'm').exec(stderr);
      const kb = m ? Number(m[1]) : polledKb;
      stderr = stderr.replace(new RegExp(`^${tag}\\d+\\n?`, 'm'), '');
      resolve({ code: code ?? 1, stdout, stderr, peakRssMib: kb / 1024, seconds: (Date.now() - started) / 1000 });
    });
  });
}

faultCase(HOSTILE, 'zip bombs: 3 GiB of zeros, a 3 GiB "symlink", 4096 entries claiming 1 GiB each', async (sb) => {
  const p = await platform(sb);
  const zeros = deflatedZeros(3 * 1024);
  const claim = deflateRawSync(Buffer.from('x'));
  // The reason names the entry, its two sizes and its ratio: `it inflates 3M to 3G (1011:1, more than 100:1), a zip bomb`.
  const bombReason = (entry: string, to: string): string => `refusing to extract ${entry}: it inflates \\S+ to ${to} \\(\\d+:1, more than 100:1\\), a zip bomb`;
  const bombs: Array<[string, CraftedEntry[], string]> = [
    ['zeros.zip', [...validBuildpack('bomb'), { name: `bin/${sb.marker}`, deflated: zeros }], bombReason(`bin/${sb.marker}`, '3G')],
    ['link.zip', [...validBuildpack('bomb'), { name: `bin/${sb.marker}`, kind: 'symlink', deflated: zeros }], bombReason(`bin/${sb.marker}`, '3G')],
    [
      'claims.zip',
      [
        ...validBuildpack('bomb'),
        ...Array.from({ length: 4096 }, (_, i): CraftedEntry => ({ name: `lib/${sb.marker}-${i}`, deflated: { data: claim, crc: 0, size: 2 ** 30 } })),
      ],
      bombReason(`lib/${sb.marker}-0`, '1G'),
    ],
  ];
  for (const [file, entries, reason] of bombs) {
    const zip = await writeZip(sb, file, entries);
    const url = serve(zip);
    const runs: Array<[string[], (f: Finished) => void]> = [
      [['create-buildpack', 'bomb', zip, '1'], (f) => expectCfFailure(f, new RegExp(`Buildpack zip error: ${reason}`))],
      [['stage', p.app, '-b', zip, '-o', p.out], (f) => expectCfFailure(f, new RegExp(`Failed to extract buildpack '${regexLiteral(zip)}': ${reason}`))],
      [['stage', p.app, '-b', url, '-o', p.out], (f) => expectStagingError(f, new RegExp(`Failed to extract buildpack '${regexLiteral(url)}': ${reason}`))],
    ];
    for (const [args, check] of runs) {
      const f = await measuredRun(args, p.env);
      sb.observe(f);
      const what = `${file}: bpkit ${args[0]} ${args.includes(url) ? 'URL' : 'path'}`;
      expect(f.seconds, `${what} took ${f.seconds}s`).toBeLessThan(BOMB_SECONDS);
      expect(f.peakRssMib, `${what} peaked at ${f.peakRssMib} MiB`).toBeGreaterThan(0);
      expect(f.peakRssMib, `${what} peaked at ${f.peakRssMib} MiB`).toBeLessThan(BOMB_RSS_MIB);
      check(f);
    }
  }
  await expectNothingInstalled(sb, p);
});

// ---- concurrent create-buildpack -----------------------------------------------------------------------------

interface StoredRegistry {
  buildpacks: Array<{ guid: string; name: string; position: number; stack: string | null; bitsDir: string | null; system: boolean }>;
}

faultCase(CONCURRENT, 'distinct and same-name creates on one BPKIT_HOME keep the registry consistent', async (sb) => {
  const p = await platform(sb);
  const distinct = ['alpha', 'bravo', 'charlie', 'delta'];
  const later = ['echo', 'foxtrot', 'golf', 'hotel'];
  const zips = new Map<string, string>();
  for (const [i, name] of [...distinct, ...later].entries()) {
    zips.set(name, await writeZip(sb, `${name}.zip`, validBuildpack(name, i % 2 === 0 ? 'cflinuxfs4' : undefined)));
  }
  const dups = await Promise.all([0, 1, 2, 3].map((i) => writeZip(sb, `dup-${i}.zip`, validBuildpack(`dup${i}`))));
  const create = (name: string, zip: string, position: number) => sb.run(['create-buildpack', name, zip, String(position)], p.env);

  // Round 1 on a fresh BPKIT_HOME (every process also races to initialise the registry), round 2 on an existing one.
  const round1 = await Promise.all([
    ...distinct.map((n, i) => create(n, zips.get(n) as string, i + 1)),
    ...dups.map((zip) => create('dup', zip, 1)),
  ]);
  const round2 = await Promise.all(later.map((n, i) => create(n, zips.get(n) as string, [1, 3, 5, 100][i] as number)));

  for (const f of [...round1.slice(0, distinct.length), ...round2]) expect(f.code, f.stderr).toBe(0);
  const dupRuns = round1.slice(distinct.length);
  expect(dupRuns.filter((f) => f.code === 0)).toHaveLength(1);
  for (const f of dupRuns.filter((f) => f.code !== 0)) expectCfFailure(f, 'Buildpack dup already exists');

  const rows = listedRows(await sb.run(['buildpacks'], p.env));
  const listed = rows.map((r) => r.split(' ')[1] as string);
  const expected = [...systemRows.map((r) => r.split(' ')[1] as string), ...distinct, ...later, 'dup'];
  expect([...listed].sort()).toEqual([...expected].sort());
  expect(rows.map((r) => Number(r.split(' ')[0]))).toEqual(rows.map((_, i) => i + 1));

  const stored = JSON.parse(await readFile(join(p.home, 'buildpacks.json'), 'utf8')) as StoredRegistry;
  expect(stored.buildpacks.map((b) => b.position).sort((a, b) => a - b)).toEqual(rows.map((_, i) => i + 1));
  expect(new Set(stored.buildpacks.map((b) => b.guid)).size).toBe(stored.buildpacks.length);
  const uploaded = stored.buildpacks.filter((b) => !b.system);
  for (const b of uploaded) expect(existsSync(join(b.bitsDir as string, 'bin', 'detect')), b.name).toBe(true);
  expect(uploaded.find((b) => b.name === 'alpha')?.stack).toBe('cflinuxfs4');
  expect(uploaded.find((b) => b.name === 'bravo')?.stack).toBeNull();
  // Exactly the registered bits: the losing duplicates' extracted zips are gone, no temp dirs, no lock left.
  expect(await names(join(p.home, 'buildpacks'))).toEqual(uploaded.map((b) => basename(b.bitsDir as string)).sort());
  expect((await names(p.home)).filter((n) => n !== 'buildpacks.json' && /buildpacks\.json/.test(n))).toEqual([]);
  expect(await names(p.tmp)).toEqual([]);
});
