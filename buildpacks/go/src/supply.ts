import { join } from 'node:path';
import { isDirectory } from '@bpkit/fs';
import buildpack from './buildpack.ts';
import { FROM_GOVERSION, chooseGoVersion } from './go-version.ts';
import { findWorkspace } from './go-workspace.ts';
import { goRoot, installGo } from './install-go.ts';
import { selectVendorTool } from './vendor-tool.ts';
import { workspaceBuildMode } from './workspace-build-mode.ts';

// go-buildpack's warnings.GoVersionOverride.
const goVersionOverride = (goVersion: string): string =>
  `Using $GOVERSION override.\n    $GOVERSION = ${goVersion}\n\nIf this isn't what you want please run:\n    cf unset-env <app> GOVERSION`;

/** Chooses and installs Go into deps/<idx>; later buildpacks get it on PATH and GOROOT, finalize gets the choice. */
export default buildpack.supply(async (ctx) => {
  const workspace = await findWorkspace(ctx.buildDir, ctx.env);
  const app = await selectVendorTool(ctx.buildDir, workspace);
  const deps = await ctx.dependencies();
  const go = await chooseGoVersion(deps, ctx.env, app);
  if (app.tool === 'godep' && go.source === FROM_GOVERSION) ctx.log.warning(goVersionOverride(ctx.env.GOVERSION ?? ''));

  let goFlags: string | undefined;
  if (workspace) {
    ctx.log.beginStep(`Go workspace: go.work uses ${workspace.modules.map((m) => m.label).join(' ')}`);
    const mode = workspaceBuildMode(workspace, go.version, ctx.env.GOFLAGS);
    for (const warning of mode.warnings) ctx.log.warning(warning);
    goFlags = mode.goFlags;
  } else if (app.tool === 'gomod' && (await isDirectory(join(ctx.buildDir, 'vendor')))) {
    goFlags = '-mod=vendor';
  }

  const root = await installGo(ctx, deps, go);
  return {
    bin: { go: join(root, 'bin', 'go') },
    env: {
      GOROOT: root,
      GO111MODULE: 'auto',
      // Go 1.21+ would otherwise try to download a newer toolchain named by go.mod: report it instead.
      GOTOOLCHAIN: 'local',
      ...(goFlags ? { GOFLAGS: goFlags } : {}),
    },
    profileD: { 'goroot.sh': `export GOROOT=${goRoot(`$DEPS_DIR/${ctx.depsIdx}`, go.version)}\nPATH=$PATH:$GOROOT/bin\n` },
    config: {
      GoVersion: go.version,
      VendorTool: app.tool,
      ...(app.godeps ? { Godep: JSON.stringify(app.godeps) } : {}),
    },
  };
});
