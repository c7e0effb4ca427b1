import { describe, expect, it } from 'vitest';
import { localDependencies, workspaceClosure } from './workspace-closure.ts';
import type { WorkspacePackage } from './workspace-packages.ts';

const pkg = (path: string, name: string, deps: Partial<Pick<WorkspacePackage, 'dependencies' | 'devDependencies' | 'optionalDependencies' | 'peerDependencies'>> = {}): WorkspacePackage => ({
  path,
  name,
  dependencies: {},
  optionalDependencies: {},
  peerDependencies: {},
  devDependencies: {},
  ...deps,
});

describe('workspaceClosure', () => {
  const lib = pkg('packages/lib', '@m/lib', { dependencies: { '@m/util': 'workspace:^' } });
  const util = pkg('packages/util', '@m/util');
  const testkit = pkg('packages/testkit', '@m/testkit');
  const admin = pkg('packages/admin', 'admin', { dependencies: { '@m/lib': '*' } });
  const api = pkg('apps/api', 'api', { dependencies: { '@m/lib': 'workspace:*', express: '^4' }, devDependencies: { '@m/testkit': '*' } });
  const all = [api, admin, lib, util, testkit];

  it('follows workspace:, plain ranges naming a member and transitive members; dev only for the member, when kept', () => {
    expect(workspaceClosure(api, all, { includeDev: false }).map((p) => p.path)).toEqual(['apps/api', 'packages/lib', 'packages/util']);
    expect(workspaceClosure(api, all, { includeDev: true }).map((p) => p.path)).toEqual(['apps/api', 'packages/lib', 'packages/testkit', 'packages/util']);
  });

  it('file:/link: paths resolve from the depending package; npm: aliases are registry packages', () => {
    const web = pkg('apps/web', 'web', { dependencies: { shared: 'file:../../packages/util', '@m/lib': 'npm:@m/lib@1' } });
    expect(localDependencies(web, all, false).map((p) => p.path)).toEqual(['packages/util']);
  });
});
