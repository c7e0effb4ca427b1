import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkspaceConfig, workspacesField } from './workspace-config.ts';

describe('workspace declarations', () => {
  it('package.json workspaces: the array form and Yarn classic\'s object form (nodejs-buildpack #187)', () => {
    expect(workspacesField({ workspaces: ['packages/*'] })).toEqual(['packages/*']);
    expect(workspacesField({ workspaces: { packages: ['apps/*', 'libs/*'], nohoist: ['**/x'] } })).toEqual(['apps/*', 'libs/*']);
    expect(workspacesField({ workspaces: 'packages/*' })).toBeUndefined();
    expect(workspacesField({ name: 'x' })).toBeUndefined();
  });

  it('pnpm-workspace.yaml wins over package.json; one with only settings declares nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ws-config-'));
    await writeFile(join(dir, 'package.json'), JSON.stringify({ workspaces: ['npm/*'] }));
    expect(await readWorkspaceConfig(dir)).toEqual({ source: 'package.json workspaces', patterns: ['npm/*'] });
    await writeFile(join(dir, 'pnpm-workspace.yaml'), 'allowBuilds:\n  esbuild: true\n');
    expect(await readWorkspaceConfig(dir)).toEqual({ source: 'package.json workspaces', patterns: ['npm/*'] });
    await writeFile(join(dir, 'pnpm-workspace.yaml'), "packages:\n  - 'packages/*'\n  - '!packages/old'\n");
    expect(await readWorkspaceConfig(dir)).toEqual({ source: 'pnpm-workspace.yaml', patterns: ['packages/*', '!packages/old'] });
  });

  it('a plain app declares none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ws-config-'));
    expect(await readWorkspaceConfig(dir)).toBeUndefined();
    await writeFile(join(dir, 'package.json'), '{"name":"app"}');
    expect(await readWorkspaceConfig(dir)).toBeUndefined();
  });
});
