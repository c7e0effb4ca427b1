import { chmod, copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type GemfileLock, parseGemfileLock } from '@bpkit/app-files';
import { BuildpackError, type FinalizeContext, readOptionalFile, rethrowAs, runIndented } from '@bpkit/buildpack';
import { output } from '@bpkit/exec';
import { exists } from '@bpkit/fs';
import buildpack, { type RubyConfig } from './buildpack.ts';
import { EXIT } from './exit-codes.ts';
import { gemfileName, rubyLayout } from './ruby-layout.ts';
import { NO_START_COMMAND_WARNING, rackupWarning, webCommand } from './start-command.ts';

/** A Procfile's web process, if it has one (Procfile is a YAML map; a flat `web: cmd` line is all CF needs). */
function procfileWeb(text: string | undefined): string | undefined {
  const m = text === undefined ? undefined : /^web:[ \t]*(.*\S)[ \t]*$/m.exec(text);
  return m?.[1];
}

/** Sprockets/Propshaft leave a manifest when assets were precompiled before the push. */
async function hasAssetsManifest(buildDir: string): Promise<boolean> {
  const names = await readdir(join(buildDir, 'public', 'assets')).catch(() => [] as string[]);
  return names.some((n) => /^\.?(sprockets-)?manifest.*\.(json|yml)$/.test(n));
}

/** `rake assets:precompile` in the staging env, which holds supply's env files and deps/<idx>/bin on PATH. */
async function precompileAssets(ctx: FinalizeContext<RubyConfig>, lockfile: GemfileLock): Promise<void> {
  const rails = lockfile.versions.get('railties') ?? lockfile.versions.get('rails');
  if (!rails || !(await exists(join(ctx.buildDir, 'Rakefile'))) || (await hasAssetsManifest(ctx.buildDir))) return;
  const bundle = join(ctx.depDir, 'bin', 'bundle');
  try {
    await output(bundle, ['exec', 'rake', '-n', 'assets:precompile'], { cwd: ctx.buildDir, env: ctx.env });
  } catch {
    return; // no such task
  }
  ctx.log.beginStep('Precompiling assets');
  const started = performance.now();
  const rake = (task: string) =>
    rethrowAs('Error precompiling assets', EXIT.assets, () => runIndented(ctx.log, bundle, ['exec', 'rake', task], { cwd: ctx.buildDir, env: ctx.env }));
  await rake('assets:precompile');
  ctx.log.info(`Asset precompilation completed (${((performance.now() - started) / 1000).toFixed(2)}s)`);
  if (Number.parseInt(rails, 10) >= 4) {
    ctx.log.info('Cleaning assets');
    await rake('assets:clean');
  }
}

/** CF's CopyToAppBin: binstubs into the app's bin/, and wrappers for deps/<idx>/bin, never replacing the app's own. */
async function copyToAppBin(ctx: FinalizeContext<RubyConfig>): Promise<void> {
  const layout = rubyLayout(ctx.depDir);
  const binDir = join(ctx.buildDir, 'bin');
  await mkdir(binDir, { recursive: true });
  const taken = new Set(await readdir(binDir));
  for (const name of await readdir(layout.binstubs).catch(() => [] as string[])) {
    if (taken.has(name)) continue;
    await copyFile(join(layout.binstubs, name), join(binDir, name));
    await chmod(join(binDir, name), 0o755);
    taken.add(name);
  }
  for (const name of await readdir(layout.bin).catch(() => [] as string[])) {
    if (taken.has(name)) continue;
    await writeFile(join(binDir, name), `#!/bin/bash\nexec $DEPS_DIR/${ctx.depsIdx}/bin/${name} "$@"\n`, { mode: 0o755 });
  }
}

export default buildpack.finalize(async (ctx) => {
  ctx.log.beginStep('Finalizing Ruby');
  const gemfile = join(ctx.buildDir, gemfileName(ctx.env));
  const procfile = await readOptionalFile(join(ctx.buildDir, 'Procfile'));
  const hasGemfile = await exists(gemfile);
  const lockText = await readOptionalFile(`${gemfile}.lock`);
  if (hasGemfile && lockText === undefined) {
    throw new BuildpackError(`Gemfile.lock required. Please check it in.\nRun \`bundle install\` (or \`bundle lock\`) locally and commit ${gemfileName(ctx.env)}.lock.`, {
      exitCode: EXIT.lockfile,
    });
  }
  const lockfile = parseGemfileLock(lockText ?? '');

  if (ctx.env.RAILS_ENV && ctx.env.RAILS_ENV !== 'production') {
    ctx.log.warning(`You are deploying to a non-production environment: ${ctx.env.RAILS_ENV}`);
  }
  if (await exists(join(ctx.buildDir, 'vendor', 'bundle'))) {
    ctx.log.warning(
      'Removing `vendor/bundle`.\nChecking in `vendor/bundle` is not supported. Please remove this directory and add it to your .gitignore. To vendor your gems with Bundler, use `bundle pack` instead.',
    );
    await rm(join(ctx.buildDir, 'vendor', 'bundle'), { recursive: true, force: true });
  }

  if (ctx.supplied.RubyVersion && lockText !== undefined) await precompileAssets(ctx, lockfile);
  await copyToAppBin(ctx);

  const shape = {
    lockfile,
    pumaConfig: await exists(join(ctx.buildDir, 'config', 'puma.rb')),
    configRu: await exists(join(ctx.buildDir, 'config.ru')),
  };
  const web = webCommand(shape);
  const userWeb = procfileWeb(procfile);
  if (!userWeb) {
    if (!web) ctx.log.warning(NO_START_COMMAND_WARNING);
    const rackup = rackupWarning(shape, web);
    if (rackup) ctx.log.warning(rackup);
  }
  return web ? { processes: { web } } : {};
});
