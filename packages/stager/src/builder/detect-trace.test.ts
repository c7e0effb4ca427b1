// bpkit's detection trace (-detectTrace, build()'s detectTrace): the buildpacks detect tried, in order, with
// their exit status and reason. Without it the builder's output is CF's, byte for byte.

import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildpackDirName } from '../buildpack-bits/buildpack-dir.ts';
import { builderBin, Collect, libraryOptions, RELEASE_WEB, run, sh, Stage } from '../testing/fixtures.ts';
import { build } from './builder.ts';
import { attemptStatus, formatDetectTrace } from './detect.ts';

let stage: Stage;
beforeEach(async () => {
  stage = await Stage.create();
  await stage.appFile('index.html', 'hello');
});
afterEach(async () => {
  await stage.cleanup();
});

const DETECT_FAIL = 'None of the buildpacks detected a compatible application\n';

/** A detect that declines the way bpkit's compiled ones do: the reason on stderr only when tracing. */
const DECLINES = (reason: string): string => sh(`[ "\${BPKIT_DETECT_TRACE:-}" = 1 ] && echo '${reason}' >&2; exit 1`);

/** Buildpacks named like CF's system ones, declining, plus one that detects. */
async function systemLike(): Promise<void> {
  await stage.buildpack('binary_buildpack', { detect: sh('exit 1') });
  await stage.buildpack('go_buildpack', { detect: DECLINES('none of: go.mod, Godeps/Godeps.json, **/*.go') });
  await stage.buildpack('ruby_buildpack', { detect: sh('echo "ruby says no" >&2; exit 1') });
}

async function nodeLike(): Promise<void> {
  await stage.buildpack('nodejs_buildpack', {
    detect: sh('echo "node.js 1.0.0"'),
    compile: sh('echo compiled'),
    release: RELEASE_WEB('node server.js'),
  });
}

describe('builder -detectTrace', () => {
  it('absent: output is CF\'s, and detect does not see BPKIT_DETECT_TRACE', async () => {
    await systemLike();
    await nodeLike();
    const ok = await stage.builder(['binary_buildpack', 'go_buildpack', 'ruby_buildpack', 'nodejs_buildpack'], false);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('compiled\n');
    expect(ok.stderr).toBe('ruby says no\n');

    const failed = await stage.builder(['binary_buildpack', 'go_buildpack', 'ruby_buildpack'], false);
    expect(failed.code).toBe(222);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toBe(`ruby says no\n${DETECT_FAIL}`);
  });

  it('present: after detection, the buildpacks tried in order on stdout; a one-line reason is not printed twice', async () => {
    await systemLike();
    await nodeLike();
    await stage.buildpack('never_tried', { detect: sh('echo Never') });
    const r = await stage.builder(['binary_buildpack', 'go_buildpack', 'ruby_buildpack', 'nodejs_buildpack', 'never_tried'], false, {}, ['-detectTrace']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '-----> Detection: buildpacks tried, in order\n' +
        '       binary_buildpack   detect exited 1\n' +
        '       go_buildpack       detect exited 1: none of: go.mod, Godeps/Godeps.json, **/*.go\n' +
        '       ruby_buildpack     detect exited 1: ruby says no\n' +
        '       nodejs_buildpack   detected: node.js 1.0.0\n' +
        'compiled\n',
    );
    // The reasons are in the trace; stderr of more than one line still passes through (next test).
    expect(r.stderr).toBe('');
    // The staging itself is unchanged.
    expect(JSON.parse(await stage.resultJson()).lifecycle_metadata).toEqual({
      buildpack_key: 'nodejs_buildpack',
      detected_buildpack: 'node.js 1.0.0',
      buildpacks: [{ key: 'nodejs_buildpack', name: 'node.js 1.0.0' }],
    });
  });

  it('present, nothing detects (222): CF\'s message line unchanged, the list under it', async () => {
    await systemLike();
    await stage.buildpack('loud', { detect: sh('echo "first line" >&2; printf "second line\\r\\n\\n" >&2; echo out-only; exit 7') });
    await stage.buildpack('stdout_only', { detect: sh('echo no; exit 1') });
    await stage.buildpack('noexec', { detect: sh('echo should-not-run') }, { mode: 0o644 });
    await stage.buildpack('nodetect', { compile: sh('true') });
    await stage.buildpack('killed', { detect: sh('kill -9 $$') });
    const order = ['binary_buildpack', 'go_buildpack', 'ruby_buildpack', 'loud', 'stdout_only', 'noexec', 'nodetect', 'missing', 'killed'];
    const r = await stage.builder(order, false, {}, ['-detectTrace=true']);
    expect(r.code).toBe(222);
    expect(r.stdout).toBe("WARNING: buildpack script '/bin/detect' is not executable\n");
    const noexec = join(stage.buildpacks, buildpackDirName('noexec'), 'bin', 'detect');
    const nodetect = join(stage.buildpacks, buildpackDirName('nodetect'), 'bin', 'detect');
    const missing = `Failed to read buildpack directory '${join(stage.buildpacks, buildpackDirName('missing'))}' for buildpack 'missing'`;
    const lines = r.stderr.split('\n');
    // What CF prints comes first, as CF prints it; CF's message is its own line.
    expect(r.stderr.startsWith(
      'first line\nsecond line\r\n\n' +
        `stat ${nodetect}: no such file or directory\n${missing}\n${DETECT_FAIL}`,
    )).toBe(true);
    expect(lines.filter((l) => l === DETECT_FAIL.trim())).toHaveLength(1);
    expect(r.stderr.slice(r.stderr.indexOf(DETECT_FAIL) + DETECT_FAIL.length)).toBe(
      '       binary_buildpack   detect exited 1\n' +
        '       go_buildpack       detect exited 1: none of: go.mod, Godeps/Godeps.json, **/*.go\n' +
        '       ruby_buildpack     detect exited 1: ruby says no\n' +
        '       loud               detect exited 7: second line\n' +
        '       stdout_only        detect exited 1: no\n' +
        `       noexec             detect failed: fork/exec ${noexec}: permission denied\n` +
        `       nodetect           not run: stat ${nodetect}: no such file or directory\n` +
        `       missing            not run: ${missing}\n` +
        '       killed             detect failed: signal: killed\n',
    );
    expect(existsSync(stage.result)).toBe(false);
  });

  it('does nothing with -skipDetect (no detection ran)', async () => {
    await stage.buildpack('final', { finalize: sh('echo finalized'), release: RELEASE_WEB('w') });
    const r = await stage.builder(['final'], true, {}, ['-detectTrace']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('finalized\n');
    expect(r.stderr).toBe('');
  });

  it('is not in the usage text, and does not change the missing-flag validation', async () => {
    const help = await run(builderBin, ['-h'], { env: stage.env() });
    expect(help.code).toBe(0);
    expect(help.stderr).not.toContain('detectTrace');
    const unknown = await run(builderBin, ['-nope'], { env: stage.env() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).not.toContain('detectTrace');
    const bad = await run(builderBin, ['-detectTrace=maybe'], { env: stage.env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe('invalid boolean value "maybe" for -detectTrace: parse error');
    expect(bad.stderr).not.toContain('  -detectTrace');
    const missing = await stage.builder([], true, {}, ['-buildDir=', '-detectTrace']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe('missing flag: -buildDir, missing flag: -buildpackOrder\n');
  });
});

describe('build() detectTrace', () => {
  it('returns the attempts (key, name, exit status, stdout, stderr) and prints them with the names given', async () => {
    await systemLike();
    await nodeLike();
    const out = new Collect();
    const err = new Collect();
    const keys = ['k-binary', 'k-go', 'k-ruby', 'k-node'];
    // Keys like CC's `<guid>_<sha>`, installed under the xxhash of the key.
    for (const [key, from] of [['k-binary', 'binary_buildpack'], ['k-go', 'go_buildpack'], ['k-ruby', 'ruby_buildpack'], ['k-node', 'nodejs_buildpack']] as const) {
      await cp(join(stage.buildpacks, buildpackDirName(from)), join(stage.buildpacks, buildpackDirName(key)), { recursive: true });
    }
    const result = await build({
      ...libraryOptions(stage, keys, false, out, err),
      detectTrace: true,
      buildpackNames: { 'k-binary': 'binary_buildpack', 'k-go': 'go_buildpack', 'k-node': 'nodejs_buildpack' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.detectTrace).toEqual([
      { key: 'k-binary', name: 'binary_buildpack', detected: false, exitCode: 1, stdout: '', stderr: '' },
      { key: 'k-go', name: 'go_buildpack', detected: false, exitCode: 1, stdout: '', stderr: 'none of: go.mod, Godeps/Godeps.json, **/*.go\n' },
      { key: 'k-ruby', detected: false, exitCode: 1, stdout: '', stderr: 'ruby says no\n' },
      { key: 'k-node', name: 'nodejs_buildpack', detected: true, exitCode: 0, stdout: 'node.js 1.0.0', stderr: '' },
    ]);
    expect(out.text).toBe(formatDetectTrace(result.detectTrace ?? []) + 'compiled\n');
    expect(out.text).toContain('       k-ruby             detect exited 1: ruby says no\n');
    expect(result.metadata?.lifecycle_metadata.detected_buildpack).toBe('node.js 1.0.0');
  });

  it('returns the attempts on a 222 too, and none without the option', async () => {
    await systemLike();
    const traced = await build({ ...libraryOptions(stage, ['binary_buildpack', 'go_buildpack'], false, new Collect(), new Collect()), detectTrace: true });
    expect(traced.exitCode).toBe(222);
    expect(traced.detectTrace?.map(attemptStatus)).toEqual(['detect exited 1', 'detect exited 1: none of: go.mod, Godeps/Godeps.json, **/*.go']);
    const err = new Collect();
    const plain = await build(libraryOptions(stage, ['binary_buildpack', 'go_buildpack'], false, new Collect(), err));
    expect(plain).toEqual({ exitCode: 222 });
    expect(err.text).toBe(DETECT_FAIL);
  });
});
