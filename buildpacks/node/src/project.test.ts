import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildpackError } from '@bpkit/buildpack';
import { readProject } from './project.ts';

async function tree(files: Record<string, object | string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'project-'));
  for (const [path, body] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), typeof body === 'string' ? body : JSON.stringify(body));
  }
  return root;
}

describe('readProject', () => {
  it('NODE_PROJECT_PATH names a member: install at the root, engines and packageManager from the root unless the member sets them', async () => {
    const root = await tree({
      'package.json': { workspaces: { packages: ['packages/*'] }, engines: { node: '22.x', npm: '10.x' }, packageManager: 'npm@10.9.9' },
      'packages/api/package.json': { name: 'api', engines: { node: '20.x' }, scripts: { start: 'node s.js' } },
      'packages/lib/package.json': { name: 'lib' },
    });
    const project = await readProject(root, { NODE_PROJECT_PATH: './packages/api/' });
    expect(project).toMatchObject({ path: 'packages/api', appDir: join(root, 'packages/api'), installDir: root });
    expect(project.pkg).toMatchObject({ engines: { node: '20.x', npm: '10.x' }, packageManager: 'npm@10.9.9', scripts: { start: 'node s.js' } });
    expect(project.workspace?.packages.map((p) => p.path)).toEqual(['packages/api', 'packages/lib']);
  });

  it('a subdirectory that no workspace lists is a plain app there', async () => {
    const root = await tree({ 'package.json': { name: 'top' }, 'svc/package.json': { name: 'svc' } });
    expect(await readProject(root, { NODE_PROJECT_PATH: 'svc' })).toMatchObject({ path: 'svc', installDir: join(root, 'svc'), workspace: undefined });
  });

  it('refuses a path outside the push or without a package.json', async () => {
    const root = await tree({ 'package.json': {} });
    await expect(readProject(root, { NODE_PROJECT_PATH: '../x' })).rejects.toThrow('NODE_PROJECT_PATH=../x is outside the pushed directory');
    await expect(readProject(root, { NODE_PROJECT_PATH: 'nope' })).rejects.toThrow('NODE_PROJECT_PATH=nope: no package.json at nope');
    await expect(readProject(root, { NODE_PROJECT_PATH: 'nope' })).rejects.toBeInstanceOf(BuildpackError);
  });

  it('a lone member (workspace: dependencies, no root pushed) fails with what to push; a workspace root may use workspace:', async () => {
    const lone = await tree({ 'package.json': { name: 'api', dependencies: { '@m/lib': 'workspace:*' } } });
    await expect(readProject(lone, {})).rejects.toThrow(/depends on workspace packages: @m\/lib \(workspace:\*\), but no workspace root listing it was pushed/);
    const root = await tree({ 'package.json': { dependencies: { lib: 'workspace:*' } }, 'pnpm-workspace.yaml': 'packages: [lib]\n', 'lib/package.json': { name: 'lib' } });
    expect(await readProject(root, {})).toMatchObject({ path: '.', workspace: undefined });
  });
});
