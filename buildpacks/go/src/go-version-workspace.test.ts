import { describe, expect, it } from 'vitest';
import type { GoWorkspace } from './go-workspace.ts';
import { goVersionRequest } from './go-version.ts';

function workspace(goWork: GoWorkspace['goWork'], modules: Array<[string, string | undefined]>): GoWorkspace {
  return {
    goWork,
    modules: modules.map(([label, go]) => ({ use: label, label, dir: `/app/${label}`, goMod: go ? { go } : {}, vendored: false })),
    vendor: 'none',
  };
}

describe('goVersionRequest for a workspace', () => {
  it("reads go.work's go and toolchain as a minimum, over the modules' go.mod and the root's", () => {
    const ws = workspace({ go: '1.21', toolchain: '1.22.3', use: ['./app'] }, [['./app', '1.23']]);
    expect(goVersionRequest({}, { workspace: ws, goMod: { go: '1.24' } })).toEqual({
      constraint: '>=1.22.3',
      source: 'go.work',
      requested: 'go 1.21, toolchain go1.22.3',
      rule: 'a minimum: the highest Go 1.22.3 or above',
    });
  });

  it("without a version in go.work, the highest module's go.mod", () => {
    const ws = workspace({ use: ['./app', './lib', '.'] }, [['./app', '1.20'], ['./lib', '1.21.5'], ['.', undefined]]);
    expect(goVersionRequest({}, { workspace: ws })).toMatchObject({ constraint: '>=1.21.5', source: 'lib/go.mod', requested: 'go 1.21.5' });
    expect(goVersionRequest({}, { workspace: workspace({ use: ['.'] }, [['.', '1.19']]) })).toMatchObject({ source: 'go.mod' });
  });

  it('GOVERSION still wins; nothing anywhere leaves the manifest default', () => {
    const ws = workspace({ go: '1.22', use: ['./app'] }, [['./app', '1.22']]);
    expect(goVersionRequest({ GOVERSION: '1.23' }, { workspace: ws })).toMatchObject({ source: '$GOVERSION', constraint: '1.23.x' });
    expect(goVersionRequest({}, { workspace: workspace({ use: ['./app'] }, [['./app', undefined]]) })).toBeUndefined();
  });
});
