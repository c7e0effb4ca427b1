// Installed gems survive between stagings in the app's build-artifacts cache (CF's cache.go keeps vendor_bundle
// there too). A restage whose Gemfile, Gemfile.lock, Ruby, Bundler and groups are unchanged reuses them as they are
// and skips `bundle install`; any other restage on the same stack and Ruby line lets Bundler install only what changed.
import { join } from 'node:path';
import { TreeCache, restoreFittingTrees, sha256 } from '@bpkit/buildpack';
import type { RubyLayout } from './ruby-layout.ts';

export interface GemCacheMetadata {
  /** gemCacheKey: everything that decides what `bundle install` would do. */
  digest: string;
  stack: string;
  /** Gems with native code are only good for the Ruby ABI they were built for. */
  rubyAbi: string;
  /** Rails' SECRET_KEY_BASE stays the same across restages, as CF keeps it in its cache metadata. */
  secretKeyBase?: string;
}

export interface GemCacheKeyInput {
  stack: string;
  rubyVersion: string;
  bundlerVersion: string;
  gemfile: string;
  lockfile: string;
  /** BUNDLE_WITHOUT / BUNDLE_WITH */
  groups: string;
}

export function gemCacheKey(input: GemCacheKeyInput): string {
  return sha256([input.stack, input.rubyVersion, input.bundlerVersion, input.groups, input.gemfile, input.lockfile].map((v) => `${v}\0`).join(''));
}

/** vendor_bundle and binstubs, kept in `<cache>/ruby-gems` under what they were installed from. */
export function gemCache(cacheDir: string, layout: RubyLayout): TreeCache<GemCacheMetadata> {
  return new TreeCache(join(cacheDir, 'ruby-gems'), { vendor_bundle: layout.vendorBundle, binstubs: layout.binstubs });
}

/**
 * Puts the cached gems into deps/<idx> when they were built on this stack for this Ruby line; otherwise drops them.
 * Resolves to the metadata of what was restored.
 */
export async function restoreGems(
  cache: TreeCache<GemCacheMetadata>,
  wanted: { stack: string; rubyAbi: string },
): Promise<GemCacheMetadata | undefined> {
  const fits = (key: GemCacheMetadata): boolean => key.stack === wanted.stack && key.rubyAbi === wanted.rubyAbi;
  const outcome = await restoreFittingTrees(cache, 'vendor_bundle', fits, true);
  return 'restored' in outcome ? outcome.restored : undefined;
}
