// Custom buildpacks (directories of sh scripts) that misbehave in each phase: `bpkit stage` must end with BAL's
// exit code and message (222 detect, 223 compile, 224 release, 225 supply), CC's error name, and never hang,
// crash or hold a runaway script's output in the log.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { Finished } from '../bpkit.ts';
import { type Sandbox, faultCase } from './fault-case.ts';

const TEN_MB = 10 * 1024 * 1024;

/** A buildpack dir of POSIX sh bin scripts. */
async function shBuildpack(sb: Sandbox, name: string, scripts: Record<string, string>): Promise<string> {
  const dir = join(sb.root, 'buildpacks', name);
  await mkdir(join(dir, 'bin'), { recursive: true });
  for (const [script, body] of Object.entries(scripts)) await writeFile(join(dir, 'bin', script), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return dir;
}

/** An app the binary buildpack can stage: a Procfile and nothing any buildpack detects. */
async function app(sb: Sandbox): Promise<string> {
  const dir = join(sb.root, 'app');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'Procfile'), 'web: ./run\n');
  return dir;
}

/** `bpkit stage APP [-b BP]... -o OUT`. */
async function stage(sb: Sandbox, buildpacks: string[]): Promise<Finished & { out: string }> {
  const out = join(sb.root, 'out');
  const f = await sb.run(['stage', await app(sb), ...buildpacks.flatMap((b) => ['-b', b]), '-o', out]);
  return { ...f, out };
}

/** The failure as `bpkit stage` reports it, after BAL's own line: cf push's status line, CC's error, FAILED. */
function expectFailed(f: Finished, code: number, balLine: string | undefined, ccError: string): void {
  expect(f.code, `${f.stdout}\n${f.stderr}`).toBe(code);
  if (balLine !== undefined) expect(f.stdout).toContain(`   ${balLine}\n`);
  expect(f.stdout).toContain(`   Staging failed: Exited with status ${code}\n`);
  expect(f.stderr).toBe(`${ccError}\nFAILED\n`);
}

const RELEASE_FAILED = 'BuildpackReleaseFailed - App staging failed in the buildpack release phase';
const COMPILE_FAILED = 'BuildpackCompileFailed - App staging failed in the buildpack compile phase';
const STAGING_ERROR = 'StagingError - Staging error: staging failed';
const NO_APP_DETECTED = 'NoAppDetectedError - An app was not successfully detected by any available buildpack';

/** A final buildpack whose supply and finalize succeed, with this release. */
const finalWith = (release: string): Record<string, string> => ({ supply: 'exit 0', finalize: 'exit 0', release });

describe('custom buildpacks', () => {
  faultCase('custom buildpacks', 'release prints invalid YAML: 224, the release output is invalid', async (sb) => {
    const bp = await shBuildpack(sb, 'bad-yaml', finalWith(`printf 'default_process_types: [web, {oops\\n  : : :\\n'`));
    const f = await stage(sb, [bp]);
    expect(f.stdout).toMatch(/ {3}Failed to build droplet release: buildpack's release output invalid: yaml: .+\n/);
    expectFailed(f, 224, undefined, RELEASE_FAILED);
  });

  faultCase('custom buildpacks', 'release prints YAML of the wrong shape: 224, as yaml.v2 fails to unmarshal it', async (sb) => {
    for (const [name, release] of [
      ['list', "printf -- '- web\\n- worker\\n'"],
      ['types-list', "printf 'default_process_types:\\n  - web: ./run\\n'"],
    ]) {
      const bp = await shBuildpack(sb, name as string, finalWith(release as string));
      const f = await stage(sb, [bp]);
      expect(f.stdout).toContain("   Failed to build droplet release: buildpack's release output invalid: yaml: unmarshal errors:\n");
      expectFailed(f, 224, undefined, RELEASE_FAILED);
    }
  });

  faultCase('custom buildpacks', 'release exits non-zero: 224 Failed to build droplet release, its stderr shown', async (sb) => {
    const bp = await shBuildpack(sb, 'release-fails', finalWith('echo "release: cannot work out a start command" >&2; exit 3'));
    const f = await stage(sb, [bp]);
    expect(f.stdout).toContain('   release: cannot work out a start command\n');
    expectFailed(f, 224, 'Failed to build droplet release: exit status 3', RELEASE_FAILED);
  });

  describe('in detect mode (registered with create-buildpack, no -b)', () => {
    /** Registers the buildpack dir first in the detect order. */
    async function register(sb: Sandbox, name: string, scripts: Record<string, string>): Promise<void> {
      const created = await sb.run(['create-buildpack', name, await shBuildpack(sb, name, scripts), '1']);
      expect(created.code, created.stdout + created.stderr).toBe(0);
    }

    faultCase('custom buildpacks', 'detect prints 10 MB and matches: staging ends in bounded time, the name is the whole trimmed stdout as BAL records it', async (sb) => {
      await register(sb, 'loud-detect', {
        detect: `head -c ${TEN_MB} /dev/zero | tr '\\0' x; printf '\\r\\n\\n'`,
        ...finalWith("printf 'default_process_types:\\n  web: ./run\\n'"),
      });
      const started = Date.now();
      const f = await stage(sb, []);
      expect(f.code, f.stderr).toBe(0);
      expect(Date.now() - started).toBeLessThan(30_000);
      // Captured, not streamed: the log stays small.
      expect(f.stdout.length).toBeLessThan(10_000);
      const result = JSON.parse(await readFile(join(f.out, 'result.json'), 'utf8')) as {
        lifecycle_metadata: { detected_buildpack: string; buildpacks: Array<{ name: string }> };
        process_types: Record<string, string>;
      };
      expect(result.lifecycle_metadata.detected_buildpack).toBe('x'.repeat(TEN_MB));
      expect(result.lifecycle_metadata.buildpacks).toHaveLength(1);
      expect(result.process_types).toEqual({ web: './run' });
    });

    faultCase('custom buildpacks', 'detect prints 10 MB and exits 1: its output is dropped and detect goes on; none matches, 222', async (sb) => {
      await register(sb, 'loud-no', { detect: `head -c ${TEN_MB} /dev/zero | tr '\\0' y; exit 1`, ...finalWith('exit 0') });
      const started = Date.now();
      const f = await stage(sb, []);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(f.stdout.length).toBeLessThan(10_000);
      expectFailed(f, 222, 'None of the buildpacks detected a compatible application', NO_APP_DETECTED);
    });

    faultCase('custom buildpacks', 'detect matches after the registered one declines: the first to exit 0 wins', async (sb) => {
      await register(sb, 'second', { detect: 'echo second-bp', ...finalWith("printf 'default_process_types:\\n  web: ./second\\n'") });
      await register(sb, 'first', { detect: 'echo not me >&2; exit 1', ...finalWith('exit 0') });
      const f = await stage(sb, []);
      expect(f.code, f.stdout + f.stderr).toBe(0);
      // The decline's one-line stderr is shown once, in the detection trace (stage without -b traces).
      expect(f.stdout).toMatch(/ first +detect exited 1: not me\n/);
      expect(f.stdout).not.toContain('   not me\n');
      const result = JSON.parse(await readFile(join(f.out, 'result.json'), 'utf8')) as { lifecycle_metadata: { detected_buildpack: string } };
      expect(result.lifecycle_metadata.detected_buildpack).toBe('second-bp');
    });
  });

  faultCase('custom buildpacks', 'a non-final buildpack\'s supply fails: 225 Failed to run all supply scripts, the final one never runs', async (sb) => {
    const bp = await shBuildpack(sb, 'supply-fails', { supply: 'echo "supply: no network today"; exit 7' });
    const f = await stage(sb, [bp, 'binary_buildpack']);
    expect(f.stdout).toContain('   supply: no network today\n');
    expect(f.stdout).not.toContain('Binary Buildpack version');
    expectFailed(f, 225, 'Failed to run all supply scripts: exit status 7', STAGING_ERROR);
  });

  faultCase('custom buildpacks', 'a non-final buildpack without bin/supply: 225 with CF\'s message, before any script runs', async (sb) => {
    const ran = join(sb.root, 'ran');
    const bp = await shBuildpack(sb, 'compile-only', { compile: `touch "${ran}"`, release: 'exit 0' });
    const first = await shBuildpack(sb, 'first-supply', { supply: `touch "${ran}"` });
    const f = await stage(sb, [first, bp, 'binary_buildpack']);
    expectFailed(f, 225, 'Error: one of the buildpacks chosen to supply dependencies does not support multi-buildpack apps', STAGING_ERROR);
    expect(f.stdout).not.toContain('Binary Buildpack version');
    await expect(readFile(ran)).rejects.toThrow();
  });

  faultCase('custom buildpacks', 'the final buildpack\'s supply fails: 223, wrapped as Failed to compile droplet', async (sb) => {
    const bp = await shBuildpack(sb, 'final-supply-fails', { supply: 'echo "final supply broke"; exit 4', finalize: 'exit 0', release: 'exit 0' });
    const f = await stage(sb, ['binary_buildpack', bp]);
    expect(f.stdout).toContain('-----> Binary Buildpack version');
    expect(f.stdout).toContain('   final supply broke\n');
    expectFailed(f, 223, 'Failed to compile droplet: Failed to run all supply scripts: exit status 4', COMPILE_FAILED);
  });

  faultCase('custom buildpacks', 'the final buildpack\'s finalize fails: 223 Failed to compile droplet', async (sb) => {
    const bp = await shBuildpack(sb, 'finalize-fails', { supply: 'exit 0', finalize: 'echo "finalize broke" >&2; exit 9', release: 'exit 0' });
    const f = await stage(sb, ['binary_buildpack', bp]);
    expect(f.stdout).toContain('   finalize broke\n');
    expectFailed(f, 223, 'Failed to compile droplet: Failed to run finalize script: exit status 9', COMPILE_FAILED);
  });

  faultCase('custom buildpacks', 'a compile-only final buildpack whose compile fails: 223 Failed to compile droplet', async (sb) => {
    const bp = await shBuildpack(sb, 'compile-fails', { compile: 'echo "compile broke"; exit 2', release: 'exit 0' });
    const f = await stage(sb, [bp]);
    expect(f.stdout).toContain('   compile broke\n');
    // BAL wraps twice (runFinalize, then Run), and so the message reads.
    expectFailed(f, 223, 'Failed to compile droplet: Failed to compile droplet: exit status 2', COMPILE_FAILED);
  });

  faultCase('custom buildpacks', 'no buildpack detects the app: 222 None of the buildpacks detected a compatible application', async (sb) => {
    const f = await stage(sb, []);
    expectFailed(f, 222, 'None of the buildpacks detected a compatible application', NO_APP_DETECTED);
  });
});
