import { describe, expect, it } from 'vitest';
import { BuildpackError } from '@bpkit/buildpack';
import type { GoWorkspace, WorkspaceVendor } from './go-workspace.ts';
import { modFlag, workspaceBuildMode } from './workspace-build-mode.ts';

function workspace(vendor: WorkspaceVendor, vendoredModules: string[] = []): GoWorkspace {
  const modules = ['./app', './lib'].map((label) => ({ use: label, dir: `/app/${label}`, label, goMod: {}, vendored: vendoredModules.includes(label) }));
  return { goWork: { go: '1.22', use: ['./app', './lib'] }, modules, vendor };
}

function rejection(run: () => unknown): BuildpackError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(BuildpackError);
    expect((err as BuildpackError).exitCode).toBe(16);
    return err as BuildpackError;
  }
  throw new Error('expected a BuildpackError');
}

describe('modFlag', () => {
  it('reads the last -mod in GOFLAGS', () => {
    expect(modFlag(undefined)).toBeUndefined();
    expect(modFlag('-modcacherw -trimpath')).toBeUndefined();
    expect(modFlag('-mod=mod -trimpath --mod=vendor')).toBe('vendor');
  });
});

describe('workspaceBuildMode', () => {
  it('leaves -mod to go without a workspace vendor/', () => {
    expect(workspaceBuildMode(workspace('none'), '1.19.8', undefined)).toEqual({ warnings: [] });
    expect(workspaceBuildMode(workspace('none'), '1.19.8', '-mod=readonly')).toEqual({ warnings: [] });
  });

  it('builds from the vendor/ `go work vendor` made with Go 1.22+, and refuses older Go', () => {
    expect(workspaceBuildMode(workspace('workspace'), '1.22.0', undefined)).toEqual({ goFlags: '-mod=vendor', warnings: [] });
    expect(rejection(() => workspaceBuildMode(workspace('workspace'), '1.21.13', undefined)).message).toBe(
      "vendor/ was made by `go work vendor`, which Go 1.21.13 cannot read: ask for Go 1.22 or newer (go.work's go line, or GOVERSION)",
    );
  });

  it('rejects -mod values go rejects in workspace mode, with the fix', () => {
    expect(rejection(() => workspaceBuildMode(workspace('none'), '1.23.4', '-mod=mod')).message).toBe(
      'GOFLAGS sets -mod=mod, which go does not allow in workspace mode (go.work): remove it, or set GOWORK=off to build the root module alone',
    );
    expect(rejection(() => workspaceBuildMode(workspace('workspace'), '1.19.8', '-mod=vendor')).message).toContain('which Go 1.19.8 does not allow in workspace mode');
    expect(rejection(() => workspaceBuildMode(workspace('module'), '1.23.4', '-mod=vendor')).message).toContain('needs the vendor/ directory `go work vendor` makes');
    expect(workspaceBuildMode(workspace('workspace'), '1.23.4', '-mod=vendor').goFlags).toBe('-mod=vendor');
  });

  it("warns that go ignores go mod vendor's vendor/ and the modules' own in workspace mode", () => {
    const { warnings } = workspaceBuildMode(workspace('module', ['./lib']), '1.19.8', undefined);
    expect(warnings).toEqual([
      'vendor/ was made by `go mod vendor` for one module, and go ignores it in workspace mode: run `go work vendor` (Go 1.22+) instead, or set GOWORK=off',
      "go ignores the modules' own vendor/ directories in workspace mode (./lib): run `go work vendor` (Go 1.22+) to vendor the workspace",
    ]);
  });
});
