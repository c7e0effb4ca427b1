import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { GemfileLock } from '@bpkit/app-files';
import { type SupplyContext, displayCommand, rethrowAs, runIndented } from '@bpkit/buildpack';
import { compareVersions } from '@bpkit/buildpack/versions';
import { exists } from '@bpkit/fs';
import { bundledWithMismatch } from './bundler-version.ts';
import { EXIT } from './exit-codes.ts';
import { type GemCacheMetadata, gemCache, gemCacheKey, restoreGems } from './gem-cache.ts';
import { type RubyLayout, rubyAbi } from './ruby-layout.ts';
import { rewriteShebangs } from './shebangs.ts';

export interface GemsRequest {
  layout: RubyLayout;
  rubyVersion: string;
  bundlerVersion: string;
  /** As the app names it: `$BUNDLE_GEMFILE` or `Gemfile`. */
  gemfileName: string;
  gemfile?: string | undefined;
  lock?: { text: string; parsed: GemfileLock } | undefined;
  /** What `bundle install` runs with: the staging env, this buildpack's env files, Ruby and Bundler on PATH. */
  env: Record<string, string | undefined>;
}

/**
 * The app's gems into deps/<idx>/vendor_bundle and its binstubs into deps/<idx>/bin, reusing those the app cache
 * kept; resolves to the SECRET_KEY_BASE a Rails app gets (CF runs `rake secret`: 64 random bytes in hex).
 */
export async function installGems(ctx: SupplyContext, gems: GemsRequest): Promise<string | undefined> {
  const { layout, rubyVersion, bundlerVersion, lock, env } = gems;
  const cache = gemCache(ctx.cacheDir, layout);
  const restored = await restoreGems(cache, { stack: ctx.stack, rubyAbi: rubyAbi(rubyVersion) });
  let metadata: GemCacheMetadata | undefined;
  if (gems.gemfile !== undefined && lock) {
    const groups = `${env.BUNDLE_WITHOUT ?? ''}|${env.BUNDLE_WITH ?? ''}`;
    const digest = gemCacheKey({ stack: ctx.stack, rubyVersion, bundlerVersion, gemfile: gems.gemfile, lockfile: lock.text, groups });
    ctx.log.beginStep(`Installing dependencies using bundler ${bundlerVersion}`);
    if (restored?.digest === digest) {
      ctx.log.info('Gemfile.lock, Ruby and Bundler are unchanged since the last staging: reusing the installed gems, skipping bundle install');
    } else {
      const mismatch = bundledWithMismatch(lock.parsed.bundledWith, bundlerVersion);
      if (mismatch) ctx.log.warning(`${mismatch}\nBundler ${bundlerVersion} installs the gems; Gemfile.lock is left as it is.`);
      await bundleInstall(ctx, gems, restored !== undefined);
      await rewriteShebangs([join(layout.vendorBundle, 'ruby', rubyAbi(rubyVersion), 'bin'), layout.binstubs]);
    }
    metadata = { digest, stack: ctx.stack, rubyAbi: rubyAbi(rubyVersion), ...(restored?.secretKeyBase ? { secretKeyBase: restored.secretKeyBase } : {}) };
  } else if (gems.gemfile !== undefined) {
    ctx.log.warning(`No ${gems.gemfileName}.lock: gems are not installed. Run \`bundle install\` locally and check in ${gems.gemfileName}.lock.`);
  }
  await copyBinstubs(layout);

  // Rails ≥ 4.1 needs a SECRET_KEY_BASE, kept across restages in the cache's metadata.
  const rails = lock?.parsed.versions.get('railties') ?? lock?.parsed.versions.get('rails');
  let secretKeyBase: string | undefined;
  if (rails && compareVersions(rails, '4.1.0') >= 0) {
    secretKeyBase = metadata?.secretKeyBase ?? randomBytes(64).toString('hex');
    if (metadata) metadata.secretKeyBase = secretKeyBase;
  }
  if (metadata) await cache.save(metadata);
  return secretKeyBase;
}

/** Bundler binstubs also go into deps/<idx>/bin where Ruby and Bundler have nothing (supply.go InstallGems). */
async function copyBinstubs(layout: RubyLayout): Promise<void> {
  const list = (dir: string) => readdir(dir).catch(() => [] as string[]);
  const taken = new Set([...(await list(join(layout.ruby, 'bin'))), ...(await list(join(layout.bundler, 'bin')))]);
  const names = (await list(layout.binstubs)).filter((n) => !taken.has(n));
  if (names.length === 0) return;
  await mkdir(layout.bin, { recursive: true });
  await Promise.all(names.map((n) => copyFile(join(layout.binstubs, n), join(layout.bin, n))));
}

async function bundleInstall(ctx: SupplyContext, gems: GemsRequest, cleanAfter: boolean): Promise<void> {
  const { env } = gems;
  const args = ['install'];
  if (await exists(join(ctx.buildDir, 'vendor', 'cache'))) args.push('--local');
  ctx.log.info(`Running: ${displayCommand(['bundle', ...args])} (BUNDLE_JOBS=4 BUNDLE_RETRY=4)`);
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
    BUNDLER_VERSION: gems.bundlerVersion,
    NOKOGIRI_USE_SYSTEM_LIBRARIES: 'true',
  };
  const started = performance.now();
  const bundle = join(gems.layout.bundler, 'bin', 'bundle');
  await rethrowAs('Unable to install gems', EXIT.gems, () => runIndented(ctx.log, bundle, args, { cwd: ctx.buildDir, env: installEnv }));
  ctx.log.debug(`bundle install took ${Math.round(performance.now() - started)} ms`);
}
