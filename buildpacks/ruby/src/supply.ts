import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseGemfileLock } from '@bpkit/app-files';
import { BuildpackError, readOptionalFile } from '@bpkit/buildpack';
import buildpack from './buildpack.ts';
import { resolveBundler } from './bundler-version.ts';
import { EXIT } from './exit-codes.ts';
import { parseRubyDirective } from './gemfile.ts';
import { installGems } from './install-gems.ts';
import { rubyProfileD } from './profile-d.ts';
import { gemfileName, rubyEnv, rubyLayout } from './ruby-layout.ts';
import { resolveRuby } from './ruby-version.ts';
import { rewriteShebangs } from './shebangs.ts';
import { lockfileRefusal } from './unreadable-lockfile.ts';

export default buildpack.supply(async (ctx) => {
  const layout = rubyLayout(ctx.depDir);
  const gemfileRel = gemfileName(ctx.env);
  const gemfilePath = join(ctx.buildDir, gemfileRel);
  const [gemfile, lockBytes] = await Promise.all([readOptionalFile(gemfilePath), readFile(`${gemfilePath}.lock`).catch(() => undefined)]);
  const lockText = lockBytes?.toString('utf8');
  const lock = lockText === undefined ? undefined : { text: lockText, parsed: parseGemfileLock(lockText) };

  ctx.log.beginStep('Supplying Ruby');
  // Bundler would refuse this lock when CF evaluates the Gemfile to choose the Ruby: fail there, before any download.
  const refusal = lockBytes && lockfileRefusal(lockBytes, `${gemfileRel}.lock`);
  if (refusal) throw new BuildpackError(`Unable to determine ruby: ${refusal}`, { exitCode: EXIT.rubyVersion });
  const deps = await ctx.dependencies();
  const ruby = await resolveRuby(deps, ctx.log, {
    directive: gemfile === undefined ? undefined : parseRubyDirective(gemfile),
    lockfile: lock?.parsed,
    readFile: (name) => readOptionalFile(join(dirname(gemfilePath), name)),
  });
  const bundler = await resolveBundler(deps, lock?.parsed.bundledWith);
  // Unpacked copies stay in the cache dir; a restage hard-links them instead of unpacking Ruby's 2,700 files.
  await deps.installAll([
    { dep: bundler, targetDir: layout.bundler, options: { reuse: 'copy' } },
    { dep: ruby, targetDir: layout.ruby, options: { reuse: 'copy' } },
  ]);
  const [rubyBin, bundlerBin] = [join(layout.ruby, 'bin'), join(layout.bundler, 'bin')];
  await rewriteShebangs([bundlerBin]);

  const env = rubyEnv(ctx.env, layout, ruby.version);
  // Bundler's `bundle` before the one Ruby ships as a default gem, here and in deps/<idx>/bin (linked in order).
  const PATH = [bundlerBin, rubyBin, ctx.env.PATH].filter(Boolean).join(':');
  const toolEnv: Record<string, string | undefined> = { ...ctx.env, ...env, PATH };
  const secretKeyBase = await installGems(ctx, {
    layout,
    rubyVersion: ruby.version,
    bundlerVersion: bundler.version,
    gemfileName: gemfileRel,
    gemfile,
    lock,
    env: toolEnv,
  });

  ctx.log.beginStep('Creating runtime environment');
  const profile = rubyProfileD({
    depsIdx: ctx.depsIdx,
    rubyVersion: ruby.version,
    bundleWithout: toolEnv.BUNDLE_WITHOUT ?? 'development:test',
    deployment: lockText !== undefined,
    ...(secretKeyBase ? { secretKeyBase } : {}),
  });
  return {
    config: { RubyVersion: ruby.version, BundlerVersion: bundler.version, Gemfile: gemfileRel, Lockfile: lockText !== undefined },
    env,
    binDirs: [rubyBin, bundlerBin],
    profileD: { 'ruby.sh': profile },
  };
});
