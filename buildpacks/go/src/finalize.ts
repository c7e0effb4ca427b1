import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { BuildpackError, type FinalizeContext, type FinalizeFn } from '@bpkit/buildpack';
import { load } from 'js-yaml';
import { binaryName, buildFlags, installPackages, readLdflags } from './build-flags.ts';
import { compileApp } from './compile-app.ts';
import { parseGoMod } from './go-mod.ts';
import type { Godeps, VendorTool } from './vendor-tool.ts';

const FINALIZE_EXIT = 14;

// go-buildpack's warnings.NoGOPACKAGENAMEerror.
const NO_GOPACKAGENAME = "To use go native vendoring set the $GOPACKAGENAME\nenvironment variable to your app's package name";

interface GoConfig {
  GoVersion: string;
  VendorTool: VendorTool;
  Godep?: string;
}

async function readConfig(depDir: string): Promise<GoConfig> {
  try {
    const doc = load(await readFile(join(depDir, 'config.yml'), 'utf8')) as { config?: Partial<GoConfig> } | null;
    const config = doc?.config;
    if (!config?.GoVersion || !config.VendorTool) throw new Error('GoVersion or VendorTool missing');
    return config as GoConfig;
  } catch (err) {
    throw new BuildpackError(`Unable to read config.yml: ${(err as Error).message}`, { exitCode: FINALIZE_EXIT, cause: err });
  }
}

async function hasEntries(dir: string): Promise<boolean> {
  return (await readdir(dir).catch(() => [])).length > 0;
}

async function onPath(name: string, path: string | undefined): Promise<boolean> {
  if (name.includes('/')) return (await stat(name).catch(() => undefined))?.isFile() ?? false;
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir && (await stat(join(dir, name)).catch(() => undefined))?.isFile()) return true;
  }
  return false;
}

/** The import path go-buildpack builds: go.mod's module, Godeps' ImportPath, else $GOPACKAGENAME. */
async function mainPackageName(ctx: FinalizeContext, config: GoConfig, godeps: Godeps | undefined): Promise<string> {
  if (config.VendorTool === 'gomod') {
    const mod = parseGoMod(await readFile(join(ctx.buildDir, 'go.mod'), 'utf8'));
    if (!mod.module) throw new BuildpackError('Unable to determine import path: go.mod has no module directive', { exitCode: FINALIZE_EXIT });
    return mod.module;
  }
  if (config.VendorTool === 'godep' && godeps?.ImportPath) return godeps.ImportPath;
  const name = ctx.env.GOPACKAGENAME?.trim();
  if (!name) throw new BuildpackError(NO_GOPACKAGENAME, { exitCode: FINALIZE_EXIT });
  return name;
}

/** Compiles the app with the Go that supply installed, then leaves only the binaries in the droplet. */
const finalize: FinalizeFn = async (ctx) => {
  const config = await readConfig(ctx.depDir);
  const godeps = config.Godep ? (JSON.parse(config.Godep) as Godeps) : undefined;
  const ldflags = await readLdflags(ctx.buildDir);
  const goRoot = join(ctx.depDir, `go${config.GoVersion}`, 'go');
  const main = await mainPackageName(ctx, config, godeps);
  const gomod = config.VendorTool === 'gomod';
  const vendored = await hasEntries(join(ctx.buildDir, 'vendor'));
  const binDir = join(ctx.buildDir, 'bin');
  await mkdir(binDir, { recursive: true });

  const goCache = join(ctx.cacheDir, 'go-cache');
  if (await hasEntries(goCache)) ctx.log.beginStep('Reusing the Go build cache from the cache dir');
  const env: Record<string, string | undefined> = {
    ...ctx.env,
    GOROOT: goRoot,
    PATH: [join(goRoot, 'bin'), ctx.env.PATH].filter(Boolean).join(delimiter),
    GOCACHE: goCache,
    GOBIN: binDir,
    GOTOOLCHAIN: 'local',
    // go-buildpack unsets it: a GIT_DIR from the environment confuses go's VCS stamping.
    GIT_DIR: undefined,
  };
  // Go 1.20+ turns cgo off by itself when there is no C compiler; older Go fails on `net` instead.
  if (env.CGO_ENABLED === undefined && !(await onPath(env.CC?.split(' ')[0] || 'gcc', env.PATH))) env.CGO_ENABLED = '0';

  let cwd = ctx.buildDir;
  let goPathRoot: string | undefined;
  if (gomod) {
    // The module cache lives beside the build cache, so a restage downloads nothing it had;
    // -modcacherw keeps it deletable (go makes it read-only otherwise).
    env.GOMODCACHE = ctx.env.GOMODCACHE ?? join(ctx.cacheDir, 'go-mod');
    env.GOFLAGS = [env.GOFLAGS, '-modcacherw'].filter(Boolean).join(' ');
  } else {
    if ((config.VendorTool === 'glide' || config.VendorTool === 'dep') && !vendored) {
      const tool = config.VendorTool === 'glide' ? 'glide install' : 'dep ensure';
      throw new BuildpackError(
        `This buildpack does not run ${tool}: commit the vendor/ directory it creates and push again`,
        { exitCode: FINALIZE_EXIT },
      );
    }
    // GOPATH mode, as go-buildpack does it: the app is copied to a temporary $GOPATH/src/<import path>.
    goPathRoot = await mkdtemp(join(tmpdir(), 'gobuildpack.gopath'));
    const goPath = join(goPathRoot, '.go');
    cwd = join(goPath, 'src', main);
    await cp(ctx.buildDir, cwd, { recursive: true, verbatimSymlinks: true });
    Object.assign(env, { GOPATH: goPath, GO111MODULE: 'off', GOFLAGS: undefined });
  }

  const { packages, isDefault } = installPackages(ctx.env, godeps?.Packages);
  if (isDefault) ctx.log.warning("Installing package '.' (default)");
  const args = ['install', ...buildFlags(ctx.env, ldflags), ...packages];
  try {
    await compileApp(ctx, { goBinary: join(goRoot, 'bin', 'go'), args, cwd, env, mainPackage: main, vendored });
  } finally {
    if (goPathRoot) await rm(goPathRoot, { recursive: true, force: true });
  }

  const name = binaryName(packages[0] as string, main);
  if (!(await stat(join(binDir, name)).catch(() => undefined))) {
    ctx.log.warning(`go install left no bin/${name}: the first package of GO_INSTALL_PACKAGE_SPEC should be a main package`);
  }
  if (ctx.env.GO_INSTALL_TOOLS_IN_IMAGE === 'true') {
    ctx.log.beginStep(`Leaving go tool chain in $GOROOT=$DEPS_DIR/${ctx.depsIdx}/go${config.GoVersion}/go`);
  } else {
    await ctx.deps.clear();
  }
  await ctx.deps.writeProfileD('go.sh', 'PATH=$PATH:$HOME/bin\n');
  return { processes: { web: `./bin/${name}` } };
};

export default finalize;
