// Installed gems survive between stagings in the app's build-artifacts cache (CF's cache.go keeps vendor_bundle
// there too). A restage whose Gemfile, Gemfile.lock, Ruby, Bundler and groups are unchanged reuses them as they are
// and skips `bundle install`; any other restage on the same stack and Ruby line lets Bundler install only what changed.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { exec } from '@bpkit/exec';
import type { RubyLayout } from './ruby-layout.ts';

export interface GemCacheMetadata {
  /** Digest of everything that decides what `bundle install` would do. */
  key: string;
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
  const hash = createHash('sha256');
  for (const value of [input.stack, input.rubyVersion, input.bundlerVersion, input.groups, input.gemfile, input.lockfile]) {
    hash.update(value).update('\0');
  }
  return hash.digest('hex');
}

const DIRS = ['vendor_bundle', 'binstubs'] as const;

function cacheRoot(cacheDir: string): string {
  return join(cacheDir, 'ruby-gems');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Moves src to dest: a rename, or a copy when they are on different filesystems. */
async function move(src: string, dest: string): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  try {
    await rename(src, dest);
  } catch {
    await exec('cp', ['-a', src, dest]);
    await rm(src, { recursive: true, force: true });
  }
}

/** Copies src to dest as hard links where it can (the cache is tarred, never modified in place), else a plain copy. */
async function linkCopy(src: string, dest: string): Promise<void> {
  try {
    await exec('cp', ['-al', src, dest]);
  } catch {
    await rm(dest, { recursive: true, force: true });
    await exec('cp', ['-a', src, dest]);
  }
}

export async function readGemCacheMetadata(cacheDir: string): Promise<GemCacheMetadata | undefined> {
  try {
    return JSON.parse(await readFile(join(cacheRoot(cacheDir), 'metadata.json'), 'utf8')) as GemCacheMetadata;
  } catch {
    return undefined;
  }
}

/**
 * Puts the cached gems into deps/<idx> when they were built on this stack for this Ruby line; otherwise drops them.
 * Resolves to the metadata of what was restored.
 */
export async function restoreGems(
  cacheDir: string,
  layout: RubyLayout,
  wanted: { stack: string; rubyAbi: string },
): Promise<GemCacheMetadata | undefined> {
  const root = cacheRoot(cacheDir);
  const metadata = await readGemCacheMetadata(cacheDir);
  if (!metadata) return undefined;
  if (metadata.stack !== wanted.stack || metadata.rubyAbi !== wanted.rubyAbi || !(await exists(join(root, 'vendor_bundle')))) {
    await rm(root, { recursive: true, force: true });
    return undefined;
  }
  await Promise.all(
    DIRS.map(async (d) => {
      if (!(await exists(join(root, d)))) return;
      await rm(join(layout.depDir, d), { recursive: true, force: true });
      await move(join(root, d), join(layout.depDir, d));
    }),
  );
  return metadata;
}

/** Replaces the cache's gems with those now in deps/<idx>. */
export async function saveGems(cacheDir: string, layout: RubyLayout, metadata: GemCacheMetadata): Promise<void> {
  const root = cacheRoot(cacheDir);
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  await Promise.all(
    DIRS.map(async (d) => {
      if (await exists(join(layout.depDir, d))) await linkCopy(join(layout.depDir, d), join(root, d));
    }),
  );
  await writeFile(join(root, 'metadata.json'), `${JSON.stringify(metadata, null, 2)}\n`);
}
