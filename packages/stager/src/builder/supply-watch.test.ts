import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Collect, libraryOptions, RELEASE_WEB, sh, Stage } from '../testing/fixtures.ts';
import { build } from './builder.ts';
import type { SupplyWatch } from './supply-watch.ts';


let stage: Stage;
beforeEach(async () => {
  stage = await Stage.create();
  await stage.appFile('index.html', 'hi');
});
afterEach(async () => {
  await stage.cleanup();
});

async function stageWith(supplyBody: string, supplyWatch?: SupplyWatch) {
  await stage.buildpack('first', { supply: sh(supplyBody) });
  await stage.buildpack('final', { supply: sh('true'), finalize: sh('true'), release: RELEASE_WEB('./run') });
  const stdout = new Collect();
  const stderr = new Collect();
  const result = await build({
    ...libraryOptions(stage, ['first', 'final'], true, stdout, stderr),
    ...(supplyWatch ? { supplyWatch } : {}),
  });
  return { code: result.exitCode, stdout: stdout.text, stderr: stderr.text };
}

const OUTSIDE = 'echo x > "$1/written-by-supply"; echo y >> "$1/index.html"; mkdir -p "$3/$4/bin"';

describe('supply watch', () => {
  it('is off by default, as CF never checks', async () => {
    const r = await stageWith(OUTSIDE);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('WARNING');
  });

  it('warns naming every path a supply touched outside its deps dir, and staging goes on', async () => {
    const r = await stageWith(OUTSIDE, 'warn');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('WARNING: supply for deps/0 modified files outside deps/0: app/index.html, app/written-by-supply');
  });

  it('fails staging as a supply failure (225) in strict mode', async () => {
    const r = await stageWith(OUTSIDE, 'strict');
    expect(r.code).toBe(225);
    expect(r.stderr).toContain('Failed to run all supply scripts: supply for deps/0 modified files outside deps/0');
  });

  it('accepts a supply that writes only into its own deps dir and cache', async () => {
    const r = await stageWith('mkdir -p "$3/$4/bin" "$2/x" && echo ok > "$3/$4/bin/tool" && echo c > "$2/x/c"', 'strict');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
