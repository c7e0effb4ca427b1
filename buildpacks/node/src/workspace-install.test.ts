import { describe, expect, it } from 'vitest';
import type { InstallPlan } from './package-manager.ts';
import type { Workspace } from './workspace.ts';
import { narrowInstall } from './workspace-install.ts';

const member = { path: 'packages/api', name: '@m/api', dependencies: {}, optionalDependencies: {}, peerDependencies: {}, devDependencies: {} };
const ws: Workspace = { root: '.', config: { source: 'package.json workspaces', patterns: ['packages/*'] }, packages: [member], member };

describe('narrowInstall', () => {
  it('narrows each package manager\'s install to the member and what it depends on', () => {
    const npm: InstallPlan = { manager: 'npm', command: 'ci', lockfile: 'package-lock.json', warnings: [] };
    expect(narrowInstall(npm, ['ci'], ws, true)).toEqual(['ci', '--workspace', 'packages/api']);
    const pnpm: InstallPlan = { manager: 'pnpm', lockfile: 'pnpm-lock.yaml', warnings: [] };
    expect(narrowInstall(pnpm, ['install', '--prod'], ws, true)).toEqual(['install', '--prod', '--filter', '{./packages/api}...']);
    const berry: InstallPlan = { manager: 'yarn', flavor: 'berry', lockfile: 'yarn.lock', warnings: [] };
    expect(narrowInstall(berry, ['install', '--immutable'], ws, true)).toEqual(['workspaces', 'focus', '@m/api', '--production']);
    expect(narrowInstall(berry, ['install', '--immutable'], ws, false)).toEqual(['workspaces', 'focus', '@m/api']);
    const classic: InstallPlan = { manager: 'yarn', flavor: 'classic', lockfile: 'yarn.lock', warnings: [] };
    expect(narrowInstall(classic, ['install', '--pure-lockfile'], ws, true)).toEqual(['install', '--pure-lockfile']);
  });
});
