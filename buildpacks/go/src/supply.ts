import { join } from 'node:path';
import { isDirectory } from '@bpkit/fs';
import buildpack from './buildpack.ts';
import { FROM_GOVERSION, chooseGoVersion } from './go-version.ts';
import { goRoot, installGo } from './install-go.ts';
import { selectVendorTool } from './vendor-tool.ts';

// go-buildpack's warnings.GoVersionOverride.
const goVersionOverride = (goVersion: string): string =>
  `Using $GOVERSION override.\n    $GOVERSION = ${goVersion}\n\nIf this isn't what you want please run:\n    cf unset-env <app> GOVERSION`;

/** Chooses and installs Go into deps/<idx>; later buildpacks get it on PATH and GOROOT, finalize gets the choice. */
export default buildpack.supply(async (ctx) => {
  const app = await selectVendorTool(ctx.buildDir);
  const deps = await ctx.dependencies();
  const go = await chooseGoVersion(deps, ctx.env, app);
  if (app.tool === 'godep' && go.source === FROM_GOVERSION) ctx.log.warning(goVersionOverride(ctx.env.GOVERSION ?? ''));
  ctx.log.beginStep(`Using ${go.reason}`);

  const root = await installGo(ctx, deps, go);
  const vendored = app.tool === 'gomod' && (await isDirectory(join(ctx.buildDir, 'vendor')));
  return {
    bin: { go: join(root, 'bin', 'go') },
    env: {
      GOROOT: root,
      GO111MODULE: 'auto',
      // Go 1.21+ would otherwise try to download a newer toolchain named by go.mod: report it instead.
      GOTOOLCHAIN: 'local',
      ...(vendored ? { GOFLAGS: '-mod=vendor' } : {}),
    },
    profileD: { 'goroot.sh': `export GOROOT=${goRoot(`$DEPS_DIR/${ctx.depsIdx}`, go.version)}\nPATH=$PATH:$GOROOT/bin\n` },
    config: {
      GoVersion: go.version,
      VendorTool: app.tool,
      ...(app.godeps ? { Godep: JSON.stringify(app.godeps) } : {}),
    },
  };
});
