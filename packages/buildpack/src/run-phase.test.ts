// The run* wrappers own the process (argv, exit code, flushing), so they are tested as real
// programs: an entry importing this package's source is bundled with esbuild, as packages/bundle
// does, into <bp>/lib/<phase>.mjs and spawned.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
// Only packages/bundle depends on esbuild; tests may borrow it from there.
const ESBUILD = resolve(here, '../../../packages/bundle/node_modules/esbuild/lib/main.js');

interface Esbuild {
  build(options: Record<string, unknown>): Promise<unknown>;
}

const ENTRY = `
import { runDetect, runSupply, runFinalize, runCompile, BuildpackError } from ${JSON.stringify(join(here, 'index.ts'))};
const mode = process.env.TEST_MODE ?? '';
const phase = process.argv[1].replace(/^.*\\//, '').replace(/\\.mjs$/, '');
const supply = async (ctx) => {
  if (mode === 'fail') throw new Error('GET https://user:secret@example.com/x.tgz: 404');
  if (mode === 'bp-error') throw new BuildpackError('Unable to install go: boom', { exitCode: 16 });
  if (mode === 'linger') setInterval(() => {}, 1000);
  if (mode === 'stray-throw') {
    // As undici 7's socket 'end' handler threw: outside the phase's promise chain.
    setTimeout(() => { throw new Error('assert(!this.paused) fetching https://user:secret@example.com/x.tgz'); }, 10);
    await new Promise((r) => setTimeout(r, 5000));
  }
  if (mode === 'loud') for (let i = 0; i < 20000; i++) ctx.log.info('line ' + i + ' ' + 'x'.repeat(100));
  ctx.log.info('supplied ' + ctx.depsIdx);
  return { config: { mode } };
};
const finalize = async () => ({ processes: { web: './app' } });
if (phase === 'detect') await runDetect(async (ctx) => (mode === 'no' ? false : 'Binary ' + ctx.buildpack.version));
else if (phase === 'supply') await runSupply(supply);
else if (phase === 'finalize') await runFinalize(finalize);
else await runCompile(supply, finalize);
`;

let bp: string;

beforeAll(async () => {
  const esbuild = (await import(ESBUILD)) as Esbuild;
  bp = await mkdtemp(join(tmpdir(), 'run-phase-bp-'));
  await writeFile(join(bp, 'manifest.yml'), 'language: binary\n');
  await writeFile(join(bp, 'VERSION'), '9.9.9\n');
  await mkdir(join(bp, 'lib'));
  const entry = join(bp, 'entry.mjs');
  await writeFile(entry, ENTRY);
  for (const phase of ['detect', 'supply', 'finalize', 'compile']) {
    await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: join(bp, 'lib', `${phase}.mjs`),
      logLevel: 'silent',
      nodePaths: [resolve(here, '../node_modules')],
    });
  }
}, 30_000);

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(phase: string, args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((done, fail) => {
    const started = Date.now();
    // No BUILDPACK_DIR: the bundle must find its buildpack from its own path.
    const child = spawn(process.execPath, [join(bp, 'lib', `${phase}.mjs`), ...args], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

async function dirs(): Promise<{ build: string; cache: string; deps: string }> {
  const root = await mkdtemp(join(tmpdir(), 'run-phase-'));
  const d = { build: join(root, 'app'), cache: join(root, 'cache'), deps: join(root, 'deps') };
  for (const p of Object.values(d)) await mkdir(p);
  return d;
}

describe('run* as real processes', () => {
  test('detect prints its answer and exits 0, or exits 1', async () => {
    const { build } = await dirs();
    expect(await run('detect', [build])).toMatchObject({ code: 0, stdout: 'Binary 9.9.9\n', stderr: '' });
    expect(await run('detect', [build], { TEST_MODE: 'no' })).toMatchObject({ code: 1, stdout: '', stderr: '' });
  });

  test('supply succeeds, exits 0 and writes config.yml', async () => {
    const { build, cache, deps } = await dirs();
    const r = await run('supply', [build, cache, deps, '3']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('-----> Binary Buildpack version 9.9.9\n       supplied 3\n');
    expect(await readFile(join(deps, '3', 'config.yml'), 'utf8')).toBe('config:\n  mode: ""\nname: binary\nversion: 9.9.9\n');
  });

  test('all output reaches a pipe before exit', async () => {
    const { build, cache, deps } = await dirs();
    const r = await run('supply', [build, cache, deps, '0'], { TEST_MODE: 'loud' });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(20003);
    expect(lines[20001]).toBe('       supplied 0');
  });

  test('a lingering handle does not keep staging alive', async () => {
    const { build, cache, deps } = await dirs();
    const r = await run('supply', [build, cache, deps, '0'], { TEST_MODE: 'linger' });
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(5000);
  });

  test('an error exits 1 with a redacted CF-style line and no stack', async () => {
    const { build, cache, deps } = await dirs();
    const r = await run('supply', [build, cache, deps, '0'], { TEST_MODE: 'fail' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      '-----> Binary Buildpack version 9.9.9\n' +
        '       \x1b[31;1m**ERROR**\x1b[0m Supply failed: GET https://-redacted-:-redacted-@example.com/x.tgz: 404\n',
    );
    expect(r.stderr).toBe('');
  });

  test('an exception thrown outside the phase (a socket handler) still ends as one **ERROR** line, no stack', async () => {
    const { build, cache, deps } = await dirs();
    const r = await run('supply', [build, cache, deps, '0'], { TEST_MODE: 'stray-throw' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      '-----> Binary Buildpack version 9.9.9\n' +
        '       \x1b[31;1m**ERROR**\x1b[0m Supply failed: assert(!this.paused) fetching https://-redacted-:-redacted-@example.com/x.tgz\n',
    );
    expect(r.stderr).toBe('');
    expect(r.ms).toBeLessThan(4000);
  });

  test('BP_DEBUG adds a stack', async () => {
    const { build, cache, deps } = await dirs();
    const r = await run('supply', [build, cache, deps, '0'], { TEST_MODE: 'fail', BP_DEBUG: '1' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DEBUG:\x1b\[0m Error: GET https:\/\/-redacted-:-redacted-@example\.com\/x\.tgz: 404\n {7} {4}at /);
    expect(r.stdout).not.toContain('secret');
  });

  test('a BuildpackError sets the exit code', async () => {
    const { build, cache, deps } = await dirs();
    const r = await run('supply', [build, cache, deps, '0'], { TEST_MODE: 'bp-error' });
    expect(r.code).toBe(16);
    expect(r.stdout).toContain('**ERROR**\x1b[0m Unable to install go: boom\n');
  });

  test('wrong argv: usage on stderr, exit 1', async () => {
    const r = await run('supply', ['only-one']);
    expect(r).toEqual(expect.objectContaining({ code: 1, stdout: '', stderr: 'Usage: supply <build-dir> <cache-dir> <deps-dir> <deps-idx>\n' }));
  });

  test('finalize writes the release file; compile does both phases', async () => {
    const a = await dirs();
    expect((await run('finalize', [a.build, a.cache, a.deps, '0'])).code).toBe(0);
    expect(await readFile(join(a.build, '.bpkit', 'release.yml'), 'utf8')).toBe('---\ndefault_process_types:\n  web: ./app\n');
    const b = await dirs();
    const r = await run('compile', [b.build, b.cache]);
    expect(r).toMatchObject({ code: 0, stdout: '-----> Binary Buildpack version 9.9.9\n       supplied 0\n' });
    expect(await readFile(join(b.build, '.cloudfoundry', '0', 'config.yml'), 'utf8')).toContain('name: binary');
    expect(await readFile(join(b.build, '.profile.d', '0000_set-deps-dir.sh'), 'utf8')).toBe('export DEPS_DIR=$HOME/.cloudfoundry\n');
  });
});
