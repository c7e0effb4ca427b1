import { randomBytes } from 'node:crypto';
import { readdir, readFile, copyFile, lstat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BuildpackError, type SupplyContext, type SupplyFn, type SupplyResult } from '@bpkit/buildpack';
import { ExecError, exec } from '@bpkit/exec';
import { bundledWithMismatch, bundlerConstraint } from './bundler-version.ts';
import { gemCacheKey, restoreGems, saveGems, type GemCacheMetadata } from './gem-cache.ts';
import { type Lockfile, parseLockfile, parseRubyDirective } from './gemfile.ts';
import { rubyProfileD } from './profile-d.ts';
import { type RubyLayout, defaultEnv, gemfileName, installedEnv, rubyAbi, rubyLayout, rubyToolEnv } from './ruby-layout.ts';
import { UnsupportedEngineError, defaultRubyWarning, matchRubyVersion, rubyRequest } from './ruby-version.ts';
import { lockfileRefusal } from './unreadable-lockfile.ts';

// Exit codes in the range CF's ruby supply uses for its steps.
const RUBY_VERSION_EXIT = 14;
const BUNDLER_EXIT = 15;
const GEMS_EXIT = 16;

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The Ruby to install: what the app asks for (read statically), resolved against the manifest; else the default. */
async function chooseRuby(
  ctx: SupplyContext,
  gemfile: string | undefined,
  lockfile: Lockfile | undefined,
  gemfileDir: string,
): Promise<string> {
  const deps = await ctx.dependencies();
  const versions = deps.versions('ruby');
  // rubyRequest reads synchronously from what is read here: the named file and .ruby-version.
  const files = new Map<string, string | undefined>();
  let result;
  try {
    const directive = gemfile === undefined ? undefined : parseRubyDirective(gemfile);
    for (const name of new Set([directive?.file, '.ruby-version'])) {
      if (name !== undefined) files.set(name, await readOptional(join(gemfileDir, name)));
    }
    result = rubyRequest({ ...(directive ? { directive } : {}), ...(lockfile ? { lockfile } : {}), readFile: (name) => files.get(name) });
  } catch (err) {
    if (err instanceof UnsupportedEngineError) throw new BuildpackError(`Unable to determine ruby: ${err.message}`, { exitCode: RUBY_VERSION_EXIT });
    throw err;
  }
  for (const w of result.warnings) ctx.log.warning(w);
  const { request } = result;
  if (!request) {
    const dep = await deps.resolve('ruby');
    ctx.log.warning(defaultRubyWarning(dep.version));
    return dep.version;
  }
  const version = matchRubyVersion(request, versions);
  if (!version) {
    throw new BuildpackError(
      `Unable to determine ruby: no match found for ${request.display} (from ${request.source}) in [${versions.join(' ')}]\n` +
        `This buildpack supports these Ruby versions: ${versions.join(', ') || 'none'}.`,
      { exitCode: RUBY_VERSION_EXIT },
    );
  }
  ctx.log.info(`Using Ruby ${version} (${request.source}: ${request.display})`);
  return version;
}

/** Gem executables and Bundler's own script get `#!/usr/bin/env ruby`, as CF rewrites them: the Ruby moves at launch. */
async function rewriteShebangs(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    await Promise.all(
      names.map(async (name) => {
        const file = join(dir, name);
        const info = await lstat(file);
        if (!info.isFile()) return;
        let body = await readFile(file, 'utf8');
        // A load-relative Ruby prefixes scripts with a sh prolog that execs the ruby beside them; drop it.
        const prolog = /^#!\/bin\/sh\n# -\*- ruby -\*-\n[\s\S]*?\n=end\n(?=#!)/.exec(body);
        if (prolog) body = body.slice(prolog[0].length);
        const m = /^#!\/\S*ruby\S*[^\n]*/.exec(body);
        if (!m || (m[0] === '#!/usr/bin/env ruby' && !prolog)) return;
        await writeFile(file, `#!/usr/bin/env ruby${body.slice(m[0].length)}`, { mode: info.mode });
      }),
    );
  }
}

async function linkBins(ctx: SupplyContext, layout: RubyLayout): Promise<void> {
  await ctx.deps.linkDirectory(join(layout.ruby, 'bin'), 'bin');
  await ctx.deps.linkDirectory(join(layout.bundler, 'bin'), 'bin');
}

/** Bundler binstubs also go into deps/<idx>/bin where nothing is yet (supply.go InstallGems). */
async function copyBinstubs(layout: RubyLayout): Promise<void> {
  let names: string[];
  try {
    names = await readdir(layout.binstubs);
  } catch {
    return;
  }
  const existing = new Set(await readdir(layout.bin).catch(() => [] as string[]));
  await Promise.all(names.filter((n) => !existing.has(n)).map((n) => copyFile(join(layout.binstubs, n), join(layout.bin, n))));
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

const supply: SupplyFn = async (ctx): Promise<SupplyResult> => {
  const layout = rubyLayout(ctx.depDir);
  const gemfileRel = gemfileName(ctx.env);
  const gemfilePath = join(ctx.buildDir, gemfileRel);
  const gemfileDir = dirname(gemfilePath);
  const [gemfile, lockBytes] = await Promise.all([readOptional(gemfilePath), readFile(`${gemfilePath}.lock`).catch(() => undefined)]);
  const lockText = lockBytes?.toString('utf8');
  const lockfile = lockText === undefined ? undefined : parseLockfile(lockText);

  ctx.log.beginStep('Supplying Ruby');
  // Bundler would refuse this lock when CF evaluates the Gemfile to choose the Ruby: fail there, before any download.
  const refusal = lockBytes && lockfileRefusal(lockBytes, `${gemfileRel}.lock`);
  if (refusal) throw new BuildpackError(`Unable to determine ruby: ${refusal}`, { exitCode: RUBY_VERSION_EXIT });
  const rubyVersion = await chooseRuby(ctx, gemfile, lockfile, gemfileDir);
  const deps = await ctx.dependencies();

  let bundlerVersion: string;
  try {
    bundlerVersion = (await deps.resolve('bundler', bundlerConstraint(lockfile?.bundledWith))).version;
  } catch (err) {
    throw new BuildpackError(`Unable to install bundler: failure to install Bundler matching constraint, ${(err as Error).message}`, {
      exitCode: BUNDLER_EXIT,
    });
  }
  // Unpacked copies stay in the cache dir; a restage hard-links them instead of unpacking Ruby's 2,700 files.
  await deps.installAll([
    { dep: { name: 'bundler', version: bundlerVersion }, targetDir: layout.bundler, options: { reuse: 'copy' } },
    { dep: { name: 'ruby', version: rubyVersion }, targetDir: layout.ruby, options: { reuse: 'copy' } },
  ]);
  await rewriteShebangs([join(layout.bundler, 'bin')]);
  await linkBins(ctx, layout);

  // Env files for later buildpacks and finalize: defaults only where the user set nothing; Ruby's paths always.
  for (const [name, value] of Object.entries(defaultEnv(layout))) {
    if (!ctx.env[name]) await ctx.deps.writeEnvFile(name, value);
  }
  for (const [name, value] of Object.entries(installedEnv(layout, rubyVersion))) await ctx.deps.writeEnvFile(name, value);

  const env = rubyToolEnv(ctx.env, layout, rubyVersion);
  const groups = `${env.BUNDLE_WITHOUT ?? ''}|${env.BUNDLE_WITH ?? ''}`;
  const restored = await restoreGems(ctx.cacheDir, layout, { stack: ctx.stack, rubyAbi: rubyAbi(rubyVersion) });
  let metadata: GemCacheMetadata | undefined;

  if (gemfile !== undefined && lockText !== undefined && lockfile) {
    const key = gemCacheKey({ stack: ctx.stack, rubyVersion, bundlerVersion, gemfile, lockfile: lockText, groups });
    ctx.log.beginStep(`Installing dependencies using bundler ${bundlerVersion}`);
    if (restored?.key === key) {
      ctx.log.info('Gemfile.lock, Ruby and Bundler are unchanged since the last staging: reusing the installed gems, skipping bundle install');
    } else {
      const mismatch = bundledWithMismatch(lockfile.bundledWith, bundlerVersion);
      if (mismatch) ctx.log.warning(`${mismatch}\nBundler ${bundlerVersion} installs the gems; Gemfile.lock is left as it is.`);
      await bundleInstall(ctx, env, bundlerVersion, restored !== undefined);
      await rewriteShebangs([join(layout.vendorBundle, 'ruby', rubyAbi(rubyVersion), 'bin'), layout.binstubs]);
    }
    metadata = { key, stack: ctx.stack, rubyAbi: rubyAbi(rubyVersion), ...(restored?.secretKeyBase ? { secretKeyBase: restored.secretKeyBase } : {}) };
  } else if (gemfile !== undefined) {
    ctx.log.warning(`No ${gemfileRel}.lock: gems are not installed. Run \`bundle install\` locally and check in ${gemfileRel}.lock.`);
  }
  await copyBinstubs(layout);

  // Rails ≥ 4.1 needs a SECRET_KEY_BASE; CF runs `rake secret` for one, which is 64 random bytes in hex.
  const rails = lockfile?.specs.get('railties') ?? lockfile?.specs.get('rails');
  let secretKeyBase: string | undefined;
  if (rails && compareVersions(rails, '4.1.0') >= 0) {
    secretKeyBase = metadata?.secretKeyBase ?? randomBytes(64).toString('hex');
    if (metadata) metadata.secretKeyBase = secretKeyBase;
  }
  if (metadata) await saveGems(ctx.cacheDir, layout, metadata);

  ctx.log.beginStep('Creating runtime environment');
  await ctx.deps.writeProfileD(
    'ruby.sh',
    rubyProfileD({
      depsIdx: ctx.depsIdx,
      rubyVersion,
      bundleWithout: env.BUNDLE_WITHOUT ?? 'development:test',
      deployment: lockText !== undefined,
      ...(secretKeyBase ? { secretKeyBase } : {}),
    }),
  );
  return { config: { RubyVersion: rubyVersion, BundlerVersion: bundlerVersion, Gemfile: gemfileRel, Lockfile: lockText !== undefined } };
};

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

async function bundleInstall(
  ctx: SupplyContext,
  env: Record<string, string | undefined>,
  bundlerVersion: string,
  cleanAfter: boolean,
): Promise<void> {
  const args = ['install'];
  if (await exists(join(ctx.buildDir, 'vendor', 'cache'))) args.push('--local');
  ctx.log.info(`Running: bundle ${args.join(' ')} (BUNDLE_JOBS=4 BUNDLE_RETRY=4)`);
  const installEnv = {
    ...env,
    // As variables, not CF's --jobs/--retry flags: Bundler 2 remembers flags in the app's .bundle/config.
    BUNDLE_JOBS: env.BUNDLE_JOBS ?? '4',
    BUNDLE_RETRY: env.BUNDLE_RETRY ?? '4',
    // Staging containers run as vcap; a root build machine need not hear about it on every staging.
    BUNDLE_SILENCE_ROOT_WARNING: 'true',
    // Deployment mode: the lockfile is law and is never rewritten, so the app dir stays as pushed.
    BUNDLE_DEPLOYMENT: env.BUNDLE_DEPLOYMENT ?? 'true',
    // Gems a changed lockfile dropped leave the restored bundle in the same run (no separate `bundle clean`).
    BUNDLE_CLEAN: cleanAfter ? 'true' : env.BUNDLE_CLEAN,
    // Without it Bundler 2.3+ tries to download the lockfile's BUNDLED WITH version and restart with it.
    BUNDLER_VERSION: bundlerVersion,
    NOKOGIRI_USE_SYSTEM_LIBRARIES: 'true',
  };
  const out = ctx.log.indented();
  const started = performance.now();
  try {
    await exec(join(ctx.depDir, 'bin', 'bundle'), args, { cwd: ctx.buildDir, env: installEnv, stdout: out, stderr: out });
  } catch (err) {
    out.end();
    const message = err instanceof ExecError ? err.message : (err as Error).message;
    throw new BuildpackError(`Unable to install gems: ${message}`, { exitCode: GEMS_EXIT, cause: err });
  }
  out.end();
  ctx.log.debug(`bundle install took ${Math.round(performance.now() - started)} ms`);
}

export default supply;
