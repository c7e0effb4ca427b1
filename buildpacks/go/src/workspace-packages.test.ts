import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildpackError } from '@bpkit/buildpack';
import { writeTree } from '@bpkit/fs';
import { findWorkspace } from './go-workspace.ts';
import { pruneWorkspace, unusedModules } from './prune-workspace.ts';
import { type GoRun, workspaceTarget } from './workspace-packages.ts';

// The machine's Go (scripts/setup installs Debian's golang-go), offline: `go list -find` and `-deps` of
// standard-library-only modules read source files and compile nothing.
const GO = execFileSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' }).trim();
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bpkit-go-workspace-packages-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const MAIN = 'package main\n\nfunc main() {}\n';

async function app(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(work, 'app-'));
  await writeTree(dir, files);
  return dir;
}

function goIn(dir: string): GoRun {
  return {
    goBinary: GO,
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: work, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '', GOCACHE: join(work, 'gocache') },
  };
}

const WORKSPACE = {
  'go.work': 'go 1.19\n\nuse (\n\t./app\n\t./lib\n\t./tools\n)\n',
  'app/go.mod': 'module example.com/greeter\n\ngo 1.19\n\nrequire example.com/lib v0.0.0\n',
  'app/main.go': 'package main\n\nimport "example.com/lib"\n\nfunc main() { println(lib.Name) }\n',
  'lib/go.mod': 'module example.com/lib\n\ngo 1.19\n',
  'lib/lib.go': 'package lib\n\nconst Name = "lib"\n',
  'tools/go.mod': 'module example.com/tools\n\ngo 1.19\n',
  'tools/tools.go': 'package tools\n',
};

async function target(files: Record<string, string>, env: Record<string, string> = {}) {
  const dir = await app(files);
  const ws = await findWorkspace(dir, {});
  if (!ws) throw new Error('no workspace');
  return { dir, ws, target: await workspaceTarget(goIn(dir), env, ws) };
}

describe('workspaceTarget', () => {
  it("installs the only main package in the workspace's modules, named as go install names it", async () => {
    const { target: t } = await target(WORKSPACE);
    expect(t).toEqual({ packages: ['example.com/greeter'], binary: 'greeter', label: 'example.com/greeter', chosenBy: 'only main package' });
  });

  it("GO_INSTALL_PACKAGE_SPEC wins; a directory's binary is named by its import path", async () => {
    const files = { ...WORKSPACE, 'tools/cmd/gen/main.go': MAIN };
    const { target: t } = await target(files, { GO_INSTALL_PACKAGE_SPEC: './app ./tools/cmd/gen' });
    expect(t).toEqual({ packages: ['./app', './tools/cmd/gen'], binary: 'greeter', label: './app ./tools/cmd/gen', chosenBy: 'GO_INSTALL_PACKAGE_SPEC' });
  });

  it("keeps CF's `.` default when the root is a module of the workspace with a main package", async () => {
    const files = { ...WORKSPACE, 'go.work': 'go 1.19\nuse (\n\t.\n\t./app\n\t./lib\n)\n', 'go.mod': 'module example.com/root/v2\n\ngo 1.19\n', 'main.go': MAIN };
    const { target: t } = await target(files);
    expect(t).toEqual({ packages: ['.'], binary: 'root', label: 'example.com/root/v2', chosenBy: 'default' });
  });

  it('several main packages and no GO_INSTALL_PACKAGE_SPEC: the error lists them and says what to set', async () => {
    const err = await target({ ...WORKSPACE, 'tools/cmd/gen/main.go': MAIN }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(BuildpackError);
    expect((err as BuildpackError).exitCode).toBe(14);
    expect((err as BuildpackError).message).toBe(
      [
        "Unable to choose the package to build: the workspace's modules hold several main packages:",
        '  example.com/greeter (./app)',
        '  example.com/tools/cmd/gen (./tools/cmd/gen)',
        'Set GO_INSTALL_PACKAGE_SPEC to the one to build, e.g. cf set-env <app> GO_INSTALL_PACKAGE_SPEC example.com/greeter',
      ].join('\n'),
    );
  });

  it('no main package at all is an error too', async () => {
    const files = { ...WORKSPACE, 'app/main.go': 'package greeter\n' };
    const err = await target(files).then(() => undefined, (e: unknown) => e);
    expect((err as BuildpackError).message).toBe(
      "Unable to choose the package to build: no main package in the workspace's modules (./app ./lib ./tools). Set GO_INSTALL_PACKAGE_SPEC to the package to build",
    );
  });
});

describe('pruneWorkspace', () => {
  it('removes the modules the installed package does not import, and keeps the ones it does', async () => {
    const { dir, ws } = await target(WORKSPACE);
    expect(await pruneWorkspace(goIn(dir), ws, ['example.com/greeter'])).toEqual({ removed: ['./tools'] });
    expect((await readdir(dir)).sort()).toEqual(['app', 'go.work', 'lib']);
  });

  it('keeps a module that holds one the build reads, and the root', () => {
    const modules = ['.', './svc', './svc/shared'].map((label) => ({ use: label, label, dir: join('/w', label), goMod: {}, vendored: false }));
    const ws = { goWork: { use: modules.map((m) => m.label) }, modules, vendor: 'none' as const };
    expect(unusedModules(ws, '/w', new Set(['/w/svc/shared']))).toEqual([]);
    expect(unusedModules(ws, '/w', new Set(['/w'])).map((m) => m.label)).toEqual(['./svc', './svc/shared']);
  });

  it('a listing that fails removes nothing and says why', async () => {
    const { dir, ws } = await target(WORKSPACE);
    const result = await pruneWorkspace(goIn(dir), ws, ['example.com/missing']);
    expect(result.removed).toEqual([]);
    expect(result.error).toMatch(/\S/);
    expect((await readdir(dir)).sort()).toEqual(['app', 'go.work', 'lib', 'tools']);
  });
});
