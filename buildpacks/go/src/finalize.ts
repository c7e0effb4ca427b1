import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parseGoMod } from '@bpkit/app-files';
import { BuildpackError, type FinalizeContext } from '@bpkit/buildpack';
import { exists, hasEntries, isFile } from '@bpkit/fs';
import { binaryName, buildFlags, installPackages, readLdflags } from './build-flags.ts';
import buildpack from './buildpack.ts';
import { compileApp } from './compile-app.ts';
import { EXIT } from './exit-codes.ts';
import { type GoWorkspace, findWorkspace } from './go-workspace.ts';
import { goRoot } from './install-go.ts';
import { pruneWorkspace } from './prune-workspace.ts';
import type { Godeps, VendorTool } from './vendor-tool.ts';
import { type GoRun, workspaceTarget } from './workspace-packages.ts';

// go-buildpack's warnings.NoGOPACKAGENAMEerror.
const NO_GOPACKAGENAME = "To use go native vendoring set the $GOPACKAGENAME\nenvironment variable to your app's package name";

/** A C compiler cgo could run: `name` as a path, or found in `path`'s directories. */
async function onPath(name: string, path: string | undefined): Promise<boolean> {
  if (name.includes('/')) return isFile(name);
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir && (await isFile(join(dir, name)))) return true;
  }
  return false;
}

/** The import path go-buildpack builds: go.mod's module, Godeps' ImportPath, else $GOPACKAGENAME. */
async function mainPackageName(ctx: FinalizeContext, tool: VendorTool, godeps: Godeps | undefined): Promise<string> {
  if (tool === 'gomod') {
    const mod = parseGoMod(await readFile(join(ctx.buildDir, 'go.mod'), 'utf8'));
    if (!mod.module) throw new BuildpackError('Unable to determine import path: go.mod has no module directive', { exitCode: EXIT.finalize });
    return mod.module;
  }
  if (tool === 'godep' && godeps?.ImportPath) return godeps.ImportPath;
  const name = ctx.env.GOPACKAGENAME?.trim();
  if (!name) throw new BuildpackError(NO_GOPACKAGENAME, { exitCode: EXIT.finalize });
  return name;
}

/**
 * A pushed monorepo holds every service's source; the droplet keeps only the modules the app builds from.
 * GO_KEEP_WORKSPACE_MODULES=true keeps them all (an app that reads a sibling module's files at run time), as does
 * GO_INSTALL_TOOLS_IN_IMAGE=true (go in the container needs every module go.work names).
 */
async function leaveOutUnusedModules(ctx: FinalizeContext, go: GoRun, workspace: GoWorkspace, packages: string[]): Promise<void> {
  if (ctx.env.GO_KEEP_WORKSPACE_MODULES === 'true' || ctx.env.GO_INSTALL_TOOLS_IN_IMAGE === 'true') return;
  const { removed, error } = await pruneWorkspace(go, workspace, packages);
  if (error) ctx.log.warning(`Keeping every workspace module in the droplet: go list -deps failed (${error})`);
  if (removed.length > 0) {
    ctx.log.beginStep(`Removing the workspace modules the app does not import from the droplet: ${removed.join(' ')}`);
    ctx.log.info('(GO_KEEP_WORKSPACE_MODULES=true keeps them)');
  }
}

/** Compiles the app with the Go that supply installed, then leaves only the binaries in the droplet. */
export default buildpack.finalize(async (ctx) => {
  const { GoVersion: version, VendorTool: tool, Godep } = ctx.supplied;
  if (!version || !tool) {
    throw new BuildpackError('Unable to read config.yml: GoVersion or VendorTool missing', { exitCode: EXIT.finalize });
  }
  const godeps = Godep ? (JSON.parse(Godep) as Godeps) : undefined;
  const ldflags = await readLdflags(ctx.buildDir);
  const root = goRoot(ctx.depDir, version);
  // Supply found the same workspace: both read go.work and GOWORK, which staging does not change in between.
  const workspace = tool === 'gomod' ? await findWorkspace(ctx.buildDir, ctx.env) : undefined;
  let main = workspace ? 'the workspace' : await mainPackageName(ctx, tool, godeps);
  const vendored = workspace ? workspace.vendor === 'workspace' : await hasEntries(join(ctx.buildDir, 'vendor'));
  const binDir = join(ctx.buildDir, 'bin');
  await mkdir(binDir, { recursive: true });

  const goCache = join(ctx.cacheDir, 'go-cache');
  if (await hasEntries(goCache)) ctx.log.beginStep('Reusing the Go build cache from the cache dir');
  const env: Record<string, string | undefined> = {
    ...ctx.env,
    GOROOT: root,
    PATH: [join(root, 'bin'), ctx.env.PATH].filter(Boolean).join(delimiter),
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
  if (tool === 'gomod') {
    // The module cache lives beside the build cache, so a restage downloads nothing it had;
    // -modcacherw keeps it deletable (go makes it read-only otherwise).
    env.GOMODCACHE = ctx.env.GOMODCACHE ?? join(ctx.cacheDir, 'go-mod');
    env.GOFLAGS = [env.GOFLAGS, '-modcacherw'].filter(Boolean).join(' ');
  } else {
    if ((tool === 'glide' || tool === 'dep') && !vendored) {
      const command = tool === 'glide' ? 'glide install' : 'dep ensure';
      throw new BuildpackError(`This buildpack does not run ${command}: commit the vendor/ directory it creates and push again`, {
        exitCode: EXIT.finalize,
      });
    }
    // GOPATH mode, as go-buildpack does it: the app is copied to a temporary $GOPATH/src/<import path>.
    goPathRoot = await mkdtemp(join(tmpdir(), 'gobuildpack.gopath'));
    const goPath = join(goPathRoot, '.go');
    cwd = join(goPath, 'src', main);
    await cp(ctx.buildDir, cwd, { recursive: true, verbatimSymlinks: true });
    Object.assign(env, { GOPATH: goPath, GO111MODULE: 'off', GOFLAGS: undefined });
  }

  const goBinary = join(root, 'bin', 'go');
  let packages: string[];
  let name: string;
  if (workspace) {
    const target = await workspaceTarget({ goBinary, cwd, env }, ctx.env, workspace);
    ({ packages, binary: name } = target);
    if (target.chosenBy === 'default') ctx.log.warning("Installing package '.' (default)");
    if (target.chosenBy === 'only main package') ctx.log.beginStep(`Installing package '${packages[0]}', the only main package in go.work's modules`);
    main = target.label;
  } else {
    const spec = installPackages(ctx.env, godeps?.Packages);
    if (spec.isDefault) ctx.log.warning("Installing package '.' (default)");
    packages = spec.packages;
    name = binaryName(packages[0] as string, main);
  }
  const args = ['install', ...buildFlags(ctx.env, ldflags), ...packages];
  try {
    await compileApp(ctx, { goBinary, args, cwd, env, mainPackage: main, vendored, workspace: workspace !== undefined });
  } finally {
    if (goPathRoot) await rm(goPathRoot, { recursive: true, force: true });
  }
  if (workspace) await leaveOutUnusedModules(ctx, { goBinary, cwd, env }, workspace, packages);

  if (!(await exists(join(binDir, name)))) {
    ctx.log.warning(`go install left no bin/${name}: the first package of GO_INSTALL_PACKAGE_SPEC should be a main package`);
  }
  if (ctx.env.GO_INSTALL_TOOLS_IN_IMAGE === 'true') {
    ctx.log.beginStep(`Leaving go tool chain in $GOROOT=${goRoot(`$DEPS_DIR/${ctx.depsIdx}`, version)}`);
  } else {
    await ctx.deps.clear();
  }
  return { processes: { web: `./bin/${name}` }, profileD: { 'go.sh': 'PATH=$PATH:$HOME/bin\n' } };
});
