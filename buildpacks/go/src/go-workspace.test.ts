import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildpackError } from '@bpkit/buildpack';
import { writeTree } from '@bpkit/fs';
import { findWorkspace, workspaceVendor } from './go-workspace.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bpkit-go-workspace-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function app(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(work, 'app-'));
  await writeTree(dir, files);
  return dir;
}

async function failure(pending: Promise<unknown>): Promise<BuildpackError> {
  const err = await pending.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(BuildpackError);
  return err as BuildpackError;
}

const WORKSPACE = {
  'go.work': 'go 1.21\n\nuse (\n\t./app\n\t./lib\n)\n',
  'app/go.mod': 'module example.com/app\n\ngo 1.21\n',
  'lib/go.mod': 'module example.com/lib\n\ngo 1.20\n',
};

describe('findWorkspace', () => {
  it("reads the root go.work and each module's go.mod", async () => {
    const dir = await app(WORKSPACE);
    const ws = await findWorkspace(dir, {});
    expect(ws?.goWork).toEqual({ go: '1.21', use: ['./app', './lib'] });
    expect(ws?.modules.map((m) => [m.label, m.dir, m.goMod.module, m.vendored])).toEqual([
      ['./app', join(dir, 'app'), 'example.com/app', false],
      ['./lib', join(dir, 'lib'), 'example.com/lib', false],
    ]);
    expect(ws?.vendor).toBe('none');
  });

  it('labels a root module `.` and notes modules with their own vendor/', async () => {
    const dir = await app({ 'go.work': 'use .\nuse lib\n', 'go.mod': 'module example.com/root\n', 'lib/go.mod': 'module example.com/lib\n', 'lib/vendor/modules.txt': '' });
    const ws = await findWorkspace(dir, { GOWORK: 'auto' });
    expect(ws?.modules.map((m) => [m.label, m.vendored])).toEqual([['.', false], ['./lib', true]]);
  });

  it('is not a workspace without go.work, or with GOWORK=off', async () => {
    expect(await findWorkspace(await app({ 'go.mod': 'module x\n' }), {})).toBeUndefined();
    expect(await findWorkspace(await app({ ...WORKSPACE, 'go.mod': 'module example.com/root\n' }), { GOWORK: 'off' })).toBeUndefined();
  });

  it('GOWORK=off with no go.mod at the root says so', async () => {
    const err = await failure(findWorkspace(await app(WORKSPACE), { GOWORK: 'off' }));
    expect(err.message).toBe('GOWORK=off turns go.work off, and the app has no go.mod of its own: unset GOWORK, or push a module directory');
    expect(err.exitCode).toBe(16);
  });

  it('rejects a GOWORK naming another file, a module outside the app, a use without go.mod, and a go.work using nothing', async () => {
    expect((await failure(findWorkspace(await app(WORKSPACE), { GOWORK: '/src/other.work' }))).message).toContain('GOWORK=/src/other.work is not supported');
    const outside = await app({ 'go.work': 'use ../shared\n' });
    expect((await failure(findWorkspace(outside, {}))).message).toBe(
      'go.work uses ../shared, outside the pushed directory: push the directory that holds go.work and every module it uses',
    );
    expect((await failure(findWorkspace(await app({ 'go.work': 'use ./lib\n' }), {}))).message).toBe('go.work uses ./lib, which has no go.mod');
    expect((await failure(findWorkspace(await app({ 'go.work': 'go 1.22\n' }), {}))).message).toContain('go.work uses no module');
  });

  it('accepts GOWORK naming the app root go.work itself', async () => {
    const dir = await app(WORKSPACE);
    expect((await findWorkspace(dir, { GOWORK: join(dir, 'go.work') }))?.modules).toHaveLength(2);
  });
});

describe('workspaceVendor', () => {
  it("tells go work vendor's vendor/ by its `## workspace` mark from go mod vendor's", async () => {
    expect(await workspaceVendor(await app({}))).toBe('none');
    expect(await workspaceVendor(await app({ 'vendor/modules.txt': '## workspace\n# example.com/dep v1.0.0\n' }))).toBe('workspace');
    expect(await workspaceVendor(await app({ 'vendor/modules.txt': '## explicit; go 1.22; workspace\n' }))).toBe('workspace');
    expect(await workspaceVendor(await app({ 'vendor/modules.txt': '# example.com/dep v1.0.0\n## explicit\n' }))).toBe('module');
  });
});
