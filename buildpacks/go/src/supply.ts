import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SupplyFn } from '@bpkit/buildpack';
import { chooseGoVersion } from './go-version.ts';
import { installGo } from './install-go.ts';
import { selectVendorTool } from './vendor-tool.ts';

// go-buildpack's warnings.GoVersionOverride.
const goVersionOverride = (goVersion: string): string =>
  `Using $GOVERSION override.\n    $GOVERSION = ${goVersion}\n\nIf this isn't what you want please run:\n    cf unset-env <app> GOVERSION`;

/** Chooses and installs Go into deps/<idx>, and hands the choice to finalize through config.yml. */
const supply: SupplyFn = async (ctx) => {
  const app = await selectVendorTool(ctx.buildDir);
  const deps = await ctx.dependencies();
  const defaults = deps.manifest.data.default_versions.filter((d) => d.name === 'go');
  const choice = chooseGoVersion({
    env: ctx.env,
    ...(app.goMod ? { goMod: app.goMod } : {}),
    ...(app.godeps?.GoVersion ? { godepsGoVersion: app.godeps.GoVersion } : {}),
    versions: deps.versions('go'),
    defaultConstraint: defaults.length === 1 ? defaults[0]?.version : undefined,
  });
  if (app.tool === 'godep' && choice.source === 'GOVERSION') ctx.log.warning(goVersionOverride(ctx.env.GOVERSION ?? ''));
  ctx.log.beginStep(`Using ${choice.reason}`);

  const go = await installGo(ctx, deps, choice.version);
  await ctx.deps.linkBinary(join(go.goRoot, 'bin', 'go'), 'go');
  await ctx.deps.writeEnvFile('GOROOT', go.goRoot);
  await ctx.deps.writeEnvFile('GO111MODULE', 'auto');
  // Go 1.21+ would otherwise try to download a newer toolchain named by go.mod: report it instead.
  await ctx.deps.writeEnvFile('GOTOOLCHAIN', 'local');
  if (app.tool === 'gomod' && (await stat(join(ctx.buildDir, 'vendor')).catch(() => undefined))?.isDirectory()) {
    await ctx.deps.writeEnvFile('GOFLAGS', '-mod=vendor');
  }
  await ctx.deps.writeProfileD(
    'goroot.sh',
    `export GOROOT=$DEPS_DIR/${ctx.depsIdx}/go${choice.version}/go\nPATH=$PATH:$GOROOT/bin\n`,
  );
  return {
    config: {
      GoVersion: choice.version,
      VendorTool: app.tool,
      ...(app.godeps ? { Godep: JSON.stringify(app.godeps) } : {}),
    },
  };
};

export default supply;
