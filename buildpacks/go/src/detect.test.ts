import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBuildpack, makeStackPath } from '@bpkit/bundle';

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
let root: string;
let detect: string;
let stackPath: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bpkit-go-detect-'));
  const bp = join(root, 'go_buildpack');
  await bundleBuildpack({ packageDir: PACKAGE_DIR, outDir: bp });
  detect = join(bp, 'bin', 'detect');
  stackPath = await makeStackPath(join(root, 'stack-bin'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** An app dir holding `files` (a trailing / makes a directory). */
async function appWith(...files: string[]): Promise<string> {
  const dir = await mkdtemp(join(root, 'app-'));
  for (const f of files) {
    if (f.endsWith('/')) await mkdir(join(dir, f), { recursive: true });
    else {
      await mkdir(dirname(join(dir, f)), { recursive: true });
      await writeFile(join(dir, f), f.endsWith('.go') ? 'package main\n' : '{}\n');
    }
  }
  return dir;
}

/** bin/detect as CF runs it: stack PATH, no Node at all (the rules are plain sh). */
async function detects(dir: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(detect, [dir], { env: { PATH: stackPath, BPKIT_NODE: '/nonexistent', ...env } });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

const GO = { code: 0, stdout: 'Go\n' };
const NO = { code: 1, stdout: '' };

describe('go buildpack detect (compiled sh)', () => {
  it.each([
    ['go.mod', ['go.mod']],
    ['go.work (a workspace whose root is no module)', ['go.work']],
    ['Godeps/Godeps.json', ['Godeps/Godeps.json']],
    ['vendor/vendor.json (govendor)', ['vendor/vendor.json']],
    ['glide.yaml', ['glide.yaml']],
    ['Gopkg.toml (dep)', ['Gopkg.toml']],
    ['a Go file two levels below src/ (gb)', ['src/app/main.go']],
    ['a Go file deeper below src/', ['src/github.com/me/app/main.go']],
    ['a Godeps file (old godep)', ['Godeps']],
    ['.godir (so supply can reject it)', ['.godir']],
    ['vendor/ plus a Go file', ['vendor/', 'main.go']],
    ['vendor/ plus a nested Go file', ['vendor/', 'cmd/app/main.go']],
  ])('detects %s', async (_name, files) => {
    expect(await detects(await appWith(...files))).toEqual(GO);
  });

  it('detects $GOPACKAGENAME plus any Go file', async () => {
    const dir = await appWith('main.go');
    expect(await detects(dir, { GOPACKAGENAME: 'example.com/app' })).toEqual(GO);
  });

  it.each([
    ['an empty app', []],
    ['Go files alone', ['main.go', 'lib/lib.go']],
    ['a Go file directly in src/ (depth 1)', ['src/main.go']],
    ['vendor/ without any Go file', ['vendor/', 'README.md']],
    ['a Gemfile', ['Gemfile']],
    ['package.json', ['package.json']],
  ])('does not detect %s', async (_name, files) => {
    expect(await detects(await appWith(...files))).toEqual(NO);
  });

  it('does not detect $GOPACKAGENAME without a Go file, nor an empty $GOPACKAGENAME', async () => {
    expect(await detects(await appWith('README.md'), { GOPACKAGENAME: 'example.com/app' })).toEqual(NO);
    expect(await detects(await appWith('main.go'), { GOPACKAGENAME: '' })).toEqual(NO);
  });

  it('handles app paths with spaces and quotes', async () => {
    const dir = join(await appWith(), "my 'go' app");
    await mkdir(dir);
    await writeFile(join(dir, 'go.mod'), 'module x\n');
    expect(await detects(dir)).toEqual(GO);
  });
});
