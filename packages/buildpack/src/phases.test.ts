import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { load } from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { exec, output } from '@bpkit/exec';
import { BuildpackError } from './buildpack-error.ts';
import type { FinalizeContext, SupplyContext } from './context.ts';
import { compilePhase, detectPhase, finalizePhase, supplyPhase, type PhaseIO } from './phases.ts';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString('utf8');
    cb();
  }
}

interface Fixture {
  root: string;
  bp: string;
  build: string;
  cache: string;
  deps: string;
  io: PhaseIO & { stdout: Sink; stderr: Sink };
}

async function fixture(language = 'binary', env: Record<string, string | undefined> = {}): Promise<Fixture> {
  const root = await mkdtemp(join(tmpdir(), 'phases-'));
  const bp = join(root, 'bp');
  await mkdir(bp);
  await writeFile(join(bp, 'manifest.yml'), `---\nlanguage: ${language}\ndependencies: []\n`);
  await writeFile(join(bp, 'VERSION'), '1.2.3\n');
  const build = join(root, 'app');
  const cache = join(root, 'cache');
  const deps = join(root, 'deps');
  for (const d of [build, cache, deps]) await mkdir(d);
  const io = {
    stdout: new Sink(),
    stderr: new Sink(),
    env: { BUILDPACK_DIR: bp, PATH: '/usr/bin:/bin', ...env },
  };
  return { root, bp, build, cache, deps, io };
}

describe('detectPhase', () => {
  test('prints the returned text and exits 0', async () => {
    const f = await fixture();
    await writeFile(join(f.build, 'go.mod'), 'module x\n');
    const code = await detectPhase(
      async (ctx) => (ctx.buildpack.language === 'binary' && ctx.buildDir === f.build ? `ok ${ctx.buildpack.version}` : false),
      [f.build],
      f.io,
    );
    expect(code).toBe(0);
    expect(f.io.stdout.text).toBe('ok 1.2.3\n');
  });

  test('false exits 1 silently', async () => {
    const f = await fixture();
    expect(await detectPhase(async () => false, [f.build], f.io)).toBe(1);
    expect(f.io.stdout.text + f.io.stderr.text).toBe('');
  });

  test('errors go to stderr so stdout stays the detected name', async () => {
    const f = await fixture();
    expect(await detectPhase(async () => Promise.reject(new Error('nope')), [f.build], f.io)).toBe(1);
    expect(f.io.stdout.text).toBe('');
    expect(f.io.stderr.text).toBe('       \x1b[31;1m**ERROR**\x1b[0m Detect failed: nope\n');
  });

  test('wrong argv prints usage to stderr and exits 1', async () => {
    const f = await fixture();
    expect(await detectPhase(async () => 'x', [], f.io)).toBe(1);
    expect(f.io.stderr.text).toBe('Usage: detect <build-dir>\n');
  });
});

describe('supplyPhase', () => {
  test('prints the header, hands over the context and writes config.yml', async () => {
    const f = await fixture('binary', { CF_STACK: 'cflinuxfs4' });
    let seen: SupplyContext | undefined;
    const code = await supplyPhase(
      async (ctx) => {
        seen = ctx;
        ctx.log.info('supplying');
        await ctx.deps.writeEnvFile('FOO', 'bar');
        return { config: { Tool: 'x' } };
      },
      [f.build, f.cache, f.deps, '0'],
      f.io,
    );
    expect(code).toBe(0);
    expect(f.io.stdout.text).toBe('-----> Binary Buildpack version 1.2.3\n       supplying\n');
    expect(seen).toMatchObject({
      buildDir: f.build,
      cacheDir: f.cache,
      depsDir: f.deps,
      depsIdx: '0',
      depDir: join(f.deps, '0'),
      stack: 'cflinuxfs4',
      buildpack: { dir: f.bp, language: 'binary', version: '1.2.3' },
    });
    expect(seen?.deps.path).toBe(join(f.deps, '0'));
    expect(await readFile(join(f.deps, '0', 'config.yml'), 'utf8')).toBe('config:\n  Tool: x\nname: binary\nversion: 1.2.3\n');
  });

  test('title-cases the language like Go strings.Title', async () => {
    for (const [language, title] of [['go', 'Go'], ['nodejs', 'Nodejs'], ['dotnet-core', 'Dotnet-Core']]) {
      const f = await fixture(language);
      await supplyPhase(async () => {}, [f.build, f.cache, f.deps, '1'], f.io);
      expect(f.io.stdout.text).toBe(`-----> ${title} Buildpack version 1.2.3\n`);
    }
  });

  test('earlier buildpacks\' deps are on PATH for spawned tools, and their env/ files exported', async () => {
    const f = await fixture();
    await mkdir(join(f.deps, '0', 'bin'), { recursive: true });
    await mkdir(join(f.deps, '0', 'env'), { recursive: true });
    await writeFile(join(f.deps, '0', 'bin', 'hello-tool'), '#!/bin/sh\necho "hello from dep 0 ($TOOL_MODE)"\n', { mode: 0o755 });
    await writeFile(join(f.deps, '0', 'env', 'TOOL_MODE'), 'fast');
    const out = new Sink();
    const code = await supplyPhase(
      async (ctx) => {
        expect(ctx.env['PATH']).toBe(`${join(f.deps, '0', 'bin')}:/usr/bin:/bin`);
        await exec('hello-tool', [], { env: f.io.env, stdout: out });
      },
      [f.build, f.cache, f.deps, '1'],
      f.io,
    );
    expect(code).toBe(0);
    expect(out.text).toBe('hello from dep 0 (fast)\n');
    expect(f.io.env['TOOL_MODE']).toBe('fast');
  });

  test('a thrown Error becomes "Supply failed: …", exit 1, no stack, credentials redacted, no config.yml', async () => {
    const f = await fixture();
    const code = await supplyPhase(
      async () => {
        throw new Error('could not GET https://user:secret@host/dep.tgz');
      },
      [f.build, f.cache, f.deps, '0'],
      f.io,
    );
    expect(code).toBe(1);
    expect(f.io.stdout.text).toBe(
      '-----> Binary Buildpack version 1.2.3\n' +
        '       \x1b[31;1m**ERROR**\x1b[0m Supply failed: could not GET https://-redacted-:-redacted-@host/dep.tgz\n',
    );
    expect(await readdir(join(f.deps, '0'))).toEqual([]);
  });

  test('BP_DEBUG adds the stack, still redacted', async () => {
    const f = await fixture('binary', { BP_DEBUG: '1' });
    await supplyPhase(
      async () => {
        throw new Error('bad https://u:p@h/x', { cause: new Error('root cause') });
      },
      [f.build, f.cache, f.deps, '0'],
      f.io,
    );
    expect(f.io.stdout.text).toContain('DEBUG:\x1b[0m Error: bad https://-redacted-:-redacted-@h/x\n       ');
    expect(f.io.stdout.text).toContain('Caused by: Error: root cause');
    expect(f.io.stdout.text).toMatch(/phases\.test\.ts/);
    expect(f.io.stdout.text).not.toContain('u:p@');
  });

  test('BuildpackError prints its own message and exit code', async () => {
    const f = await fixture();
    const code = await supplyPhase(
      async () => {
        throw new BuildpackError('Unable to install go: boom', { exitCode: 16 });
      },
      [f.build, f.cache, f.deps, '0'],
      f.io,
    );
    expect(code).toBe(16);
    expect(f.io.stdout.text).toContain('       \x1b[31;1m**ERROR**\x1b[0m Unable to install go: boom\n');
    expect(f.io.stdout.text).not.toContain('Supply failed');
  });

  test('a BuildpackError with exit code 0 still fails', async () => {
    const f = await fixture();
    const code = await supplyPhase(
      async () => {
        throw new BuildpackError('x', { exitCode: 0 });
      },
      [f.build, f.cache, f.deps, '0'],
      f.io,
    );
    expect(code).toBe(1);
  });

  test('a missing manifest is a CF-style error with go-buildpack\'s exit code 9', async () => {
    const f = await fixture();
    f.io.env['BUILDPACK_DIR'] = join(f.root, 'nowhere');
    const code = await supplyPhase(async () => {}, [f.build, f.cache, f.deps, '0'], f.io);
    expect(code).toBe(9);
    expect(f.io.stdout.text).toMatch(/^       \x1b\[31;1m\*\*ERROR\*\*\x1b\[0m Unable to load buildpack manifest: ENOENT/);
  });

  test.each([[[]], [['a', 'b', 'c']], [['a', 'b', 'c', 'd', 'e']], [['a', '', 'c', 'd']]])('argv %j → usage, exit 1', async (argv) => {
    const f = await fixture();
    expect(await supplyPhase(async () => {}, argv, f.io)).toBe(1);
    expect(f.io.stderr.text).toBe('Usage: supply <build-dir> <cache-dir> <deps-dir> <deps-idx>\n');
    expect(f.io.stdout.text).toBe('');
  });
});

describe('supply → finalize handoff', () => {
  test("supply's result is written into deps/<idx>, and finalize reads its config back as ctx.supplied", async () => {
    const f = await fixture('tool');
    const tool = join(f.root, 'tool-1.0');
    await mkdir(join(tool, 'bin'), { recursive: true });
    await mkdir(join(tool, 'lib'), { recursive: true });
    await writeFile(join(tool, 'bin', 'tool'), '#!/bin/sh\necho tool\n', { mode: 0o755 });
    await writeFile(join(tool, 'lib', 'libtool.so'), '');
    type Config = { ToolVersion: string; Flags: string[]; Nested: { on: boolean } };
    const supplied = await supplyPhase<Config>(
      async () => ({
        config: { ToolVersion: '1.0', Flags: ['-a', 'b: c'], Nested: { on: true } },
        env: { TOOL_HOME: tool },
        launchEnv: { TOOL_HOME: '$DEPS_DIR/0/tool-1.0', QUOTED: 'say "hi"' },
        profileD: { 'tool.sh': 'export PATH=$PATH:$DEPS_DIR/0/bin\n' },
        bin: { 'tool-alias': join(tool, 'bin', 'tool') },
        binDirs: [join(tool, 'bin')],
        libDirs: [join(tool, 'lib')],
      }),
      [f.build, f.cache, f.deps, '0'],
      f.io,
    );
    expect(supplied).toBe(0);
    const dep = join(f.deps, '0');
    expect(await readFile(join(dep, 'env', 'TOOL_HOME'), 'utf8')).toBe(tool);
    expect(await readFile(join(dep, 'profile.d', 'tool-launch-env.sh'), 'utf8')).toBe(
      'export TOOL_HOME="$DEPS_DIR/0/tool-1.0"\nexport QUOTED="say \\"hi\\""\n',
    );
    expect((await readdir(join(dep, 'bin'))).sort()).toEqual(['tool', 'tool-alias']);
    expect(await readdir(join(dep, 'lib'))).toEqual(['libtool.so']);
    expect(await output(join(dep, 'bin', 'tool-alias'), [])).toBe('tool\n');

    let seen: Partial<Config> | undefined;
    const finalized = await finalizePhase<Config>(
      async (ctx) => {
        seen = ctx.supplied;
        return { profileD: { 'late.sh': 'export LATE=1\n' } };
      },
      [f.build, f.cache, f.deps, '0', join(f.root, 'profile')],
      f.io,
    );
    expect(finalized).toBe(0);
    expect(seen).toEqual({ ToolVersion: '1.0', Flags: ['-a', 'b: c'], Nested: { on: true } });
    expect((await readdir(join(f.root, 'profile'))).sort()).toEqual(['000_multi-supply.sh', '0_late.sh', '0_tool-launch-env.sh', '0_tool.sh']);
  });

  test('compile hands supply\'s config to finalize in memory', async () => {
    const f = await fixture('tool');
    let seen: unknown;
    const code = await compilePhase<{ A: number }>(
      async () => ({ config: { A: 1 } }),
      async (ctx) => {
        seen = ctx.supplied;
      },
      [f.build, f.cache],
      f.io,
    );
    expect(code).toBe(0);
    expect(seen).toEqual({ A: 1 });
  });

  test('a finalize without a supply sees an empty config', async () => {
    const f = await fixture('tool');
    let seen: unknown;
    expect(await finalizePhase(async (ctx) => void (seen = ctx.supplied), [f.build, f.cache, f.deps, '0'], f.io)).toBe(0);
    expect(seen).toEqual({});
  });
});

describe('finalizePhase', () => {
  test('writes the launch environment and the release file', async () => {
    const f = await fixture();
    await mkdir(join(f.deps, '0', 'bin'), { recursive: true });
    await mkdir(join(f.deps, '0', 'profile.d'), { recursive: true });
    await writeFile(join(f.deps, '0', 'profile.d', 'tool.sh'), 'export TOOL=1\n');
    const profile = join(f.root, 'profile.d');
    let seen: FinalizeContext | undefined;
    const code = await finalizePhase(
      async (ctx) => {
        seen = ctx;
        await ctx.deps.writeProfileD('app.sh', 'export APP=1\n');
        return { processes: { web: './bin/app --port $PORT' } };
      },
      [f.build, f.cache, f.deps, '1', profile],
      f.io,
    );
    expect(code).toBe(0);
    expect(seen?.profileDir).toBe(profile);
    expect(seen?.depDir).toBe(join(f.deps, '1'));
    expect((await readdir(profile)).sort()).toEqual(['000_multi-supply.sh', '0_tool.sh', '1_app.sh']);
    expect(await readFile(join(profile, '000_multi-supply.sh'), 'utf8')).toContain('export PATH=$DEPS_DIR/0/bin$(');
    const release = await readFile(join(f.build, '.bpkit', 'release.yml'), 'utf8');
    expect(load(release)).toEqual({ default_process_types: { web: './bin/app --port $PORT' } });
    expect(f.io.stdout.text).toBe('');
  });

  test('profile dir defaults to <build>/.profile.d; no processes → no release file', async () => {
    const f = await fixture();
    expect(await finalizePhase(async () => ({}), [f.build, f.cache, f.deps, '0'], f.io)).toBe(0);
    expect(await readdir(join(f.build, '.profile.d'))).toEqual(['000_multi-supply.sh']);
    await expect(stat(join(f.build, '.bpkit'))).rejects.toThrow(/ENOENT/);
  });

  test('failure is "Finalize failed: …" and skips the launch environment', async () => {
    const f = await fixture();
    const code = await finalizePhase(
      async () => {
        throw new Error('no main package');
      },
      [f.build, f.cache, f.deps, '0'],
      f.io,
    );
    expect(code).toBe(1);
    expect(f.io.stdout.text).toBe('       \x1b[31;1m**ERROR**\x1b[0m Finalize failed: no main package\n');
    expect(await readdir(join(f.build, '.profile.d'))).toEqual([]);
  });

  test('argv with 6 entries is a usage error', async () => {
    const f = await fixture();
    expect(await finalizePhase(async () => {}, ['a', 'b', 'c', 'd', 'e', 'f'], f.io)).toBe(1);
    expect(f.io.stderr.text).toBe('Usage: finalize <build-dir> <cache-dir> <deps-dir> <deps-idx> [<profile-dir>]\n');
  });
});

describe('compilePhase', () => {
  test('runs supply then finalize with deps inside the app', async () => {
    const f = await fixture();
    const order: string[] = [];
    const code = await compilePhase(
      async (ctx) => {
        order.push(`supply ${ctx.depsDir} ${ctx.depsIdx} ${ctx.env['DEPS_DIR']}`);
        await mkdir(join(ctx.depDir, 'bin'), { recursive: true });
      },
      async (ctx) => {
        order.push(`finalize ${ctx.profileDir}`);
        // PATH is computed afresh for finalize, so deps/0/bin appears once.
        expect(ctx.env['PATH']).toBe(`${join(f.build, '.cloudfoundry', '0', 'bin')}:/usr/bin:/bin`);
        return { processes: { web: 'run' } };
      },
      [f.build, f.cache],
      f.io,
    );
    expect(code).toBe(0);
    const depsDir = join(f.build, '.cloudfoundry');
    expect(order).toEqual([`supply ${depsDir} 0 ${depsDir}`, `finalize ${join(f.build, '.profile.d')}`]);
    expect(await readFile(join(f.build, '.profile.d', '0000_set-deps-dir.sh'), 'utf8')).toBe('export DEPS_DIR=$HOME/.cloudfoundry\n');
    expect((await stat(join(f.build, '.profile.d', '0000_set-deps-dir.sh'))).mode & 0o777).toBe(0o755);
    expect((await readdir(join(f.build, '.profile.d'))).sort()).toEqual(['0000_set-deps-dir.sh', '000_multi-supply.sh']);
    expect(await readFile(join(depsDir, '0', 'config.yml'), 'utf8')).toBe('config: {}\nname: binary\nversion: 1.2.3\n');
    expect(await readFile(join(f.build, '.bpkit', 'release.yml'), 'utf8')).toBe('---\ndefault_process_types:\n  web: run\n');
    expect(f.io.stdout.text).toBe('-----> Binary Buildpack version 1.2.3\n');
  });

  test('a failing supply stops before finalize', async () => {
    const f = await fixture();
    let finalized = false;
    const code = await compilePhase(
      async () => {
        throw new BuildpackError('supply broke', { exitCode: 16 });
      },
      async () => {
        finalized = true;
      },
      [f.build, f.cache],
      f.io,
    );
    expect(code).toBe(16);
    expect(finalized).toBe(false);
  });
});
