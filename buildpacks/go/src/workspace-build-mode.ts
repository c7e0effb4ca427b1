import { BuildpackError } from '@bpkit/buildpack';
import { compareVersions } from '@bpkit/buildpack/versions';
import { EXIT } from './exit-codes.ts';
import type { GoWorkspace } from './go-workspace.ts';

/** The first Go that reads a workspace vendor/ (`go work vendor`) and accepts -mod=vendor in workspace mode. */
export const WORKSPACE_VENDOR_GO = '1.22.0';

export interface WorkspaceBuildMode {
  /** GOFLAGS for staging: `-mod=vendor` when the workspace is vendored for go to read. */
  goFlags?: string;
  /** What go will ignore, said before it fails offline over it. */
  warnings: string[];
}

/** The `-mod` value GOFLAGS sets (the last one wins, as with go's flags), if any. */
export function modFlag(goFlags: string | undefined): string | undefined {
  let mod: string | undefined;
  for (const flag of (goFlags ?? '').split(/\s+/)) {
    const m = /^--?mod=(.*)$/.exec(flag);
    if (m) mod = m[1];
  }
  return mod;
}

const fail = (message: string): never => {
  throw new BuildpackError(message, { exitCode: EXIT.supply });
};

/**
 * How go must build this workspace with this Go, as cmd/go decides it: in workspace mode -mod may
 * only be `readonly` or `vendor`, and `vendor` needs Go 1.22+ and a vendor/ made by `go work vendor`
 * (the modules' own vendor/ directories, and one `go mod vendor` made, are ignored). What go would
 * reject is rejected here, before the toolchain is installed, with the fix.
 */
export function workspaceBuildMode(workspace: GoWorkspace, goVersion: string, userGoFlags: string | undefined): WorkspaceBuildMode {
  const readsVendor = compareVersions(goVersion, WORKSPACE_VENDOR_GO) >= 0;
  const mod = modFlag(userGoFlags);
  if (mod !== undefined && mod !== 'readonly' && mod !== 'vendor') {
    fail(`GOFLAGS sets -mod=${mod}, which go does not allow in workspace mode (go.work): remove it, or set GOWORK=off to build the root module alone`);
  }
  if (mod === 'vendor' && !readsVendor) {
    fail(`GOFLAGS sets -mod=vendor, which Go ${goVersion} does not allow in workspace mode: use Go 1.22 or newer with \`go work vendor\`, or set GOWORK=off`);
  }
  if (mod === 'vendor' && workspace.vendor !== 'workspace') {
    fail('GOFLAGS sets -mod=vendor, which in workspace mode needs the vendor/ directory `go work vendor` makes beside go.work: run it and push vendor/');
  }
  if (workspace.vendor === 'workspace') {
    if (!readsVendor) {
      fail(`vendor/ was made by \`go work vendor\`, which Go ${goVersion} cannot read: ask for Go 1.22 or newer (go.work's go line, or GOVERSION)`);
    }
    return { goFlags: '-mod=vendor', warnings: [] };
  }
  const warnings: string[] = [];
  if (workspace.vendor === 'module') {
    warnings.push('vendor/ was made by `go mod vendor` for one module, and go ignores it in workspace mode: run `go work vendor` (Go 1.22+) instead, or set GOWORK=off');
  }
  const ignored = workspace.modules.filter((m) => m.vendored).map((m) => m.use);
  if (ignored.length > 0) {
    warnings.push(`go ignores the modules' own vendor/ directories in workspace mode (${ignored.join(', ')}): run \`go work vendor\` (Go 1.22+) to vendor the workspace`);
  }
  return { warnings };
}
