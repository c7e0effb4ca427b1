import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gemCache, gemCacheKey, restoreGems } from './gem-cache.ts';
import { rubyLayout } from './ruby-layout.ts';

async function staging() {
  const root = await mkdtemp(join(tmpdir(), 'ruby-gem-cache-'));
  const cacheDir = join(root, 'cache');
  const layout = rubyLayout(join(root, 'deps', '0'));
  await mkdir(cacheDir, { recursive: true });
  return { root, cacheDir, layout };
}

const KEY = { stack: 'cflinuxfs4', rubyVersion: '3.1.2', bundlerVersion: '2.3.7', gemfile: 'gem "rack"\n', lockfile: 'GEM\n', groups: 'development:test|' };

describe('gem cache', () => {
  it('keys on everything that changes what bundle install does', () => {
    const base = gemCacheKey(KEY);
    expect(gemCacheKey({ ...KEY })).toBe(base);
    for (const change of [{ lockfile: 'GEM\n  specs:\n' }, { rubyVersion: '3.1.3' }, { bundlerVersion: '2.4.0' }, { groups: 'test|' }, { stack: 'cflinuxfs5' }, { gemfile: '' }]) {
      expect(gemCacheKey({ ...KEY, ...change })).not.toBe(base);
    }
  });

  it('saves the installed gems and restores them into the next staging', async () => {
    const first = await staging();
    await mkdir(join(first.layout.vendorBundle, 'ruby', '3.1.0', 'gems', 'rack-2.2.22'), { recursive: true });
    await writeFile(join(first.layout.vendorBundle, 'ruby', '3.1.0', 'gems', 'rack-2.2.22', 'rack.rb'), 'module Rack; end\n');
    await mkdir(first.layout.binstubs, { recursive: true });
    await writeFile(join(first.layout.binstubs, 'rackup'), '#!/usr/bin/env ruby\n');
    await gemCache(first.cacheDir, first.layout).save({ digest: 'k1', stack: 'cflinuxfs4', rubyAbi: '3.1.0', secretKeyBase: 's' });
    // The staging's own copy is untouched (the droplet still needs it).
    expect(await readFile(join(first.layout.vendorBundle, 'ruby', '3.1.0', 'gems', 'rack-2.2.22', 'rack.rb'), 'utf8')).toContain('Rack');

    const next = await staging();
    const { cp } = await import('node:fs/promises');
    await cp(first.cacheDir, next.cacheDir, { recursive: true });
    const restored = await restoreGems(gemCache(next.cacheDir, next.layout), { stack: 'cflinuxfs4', rubyAbi: '3.1.0' });
    expect(restored).toEqual({ digest: 'k1', stack: 'cflinuxfs4', rubyAbi: '3.1.0', secretKeyBase: 's' });
    expect(await readFile(join(next.layout.vendorBundle, 'ruby', '3.1.0', 'gems', 'rack-2.2.22', 'rack.rb'), 'utf8')).toContain('Rack');
    expect(await readFile(join(next.layout.binstubs, 'rackup'), 'utf8')).toContain('ruby');
  });

  it('drops gems built for another stack or Ruby line', async () => {
    for (const wanted of [
      { stack: 'cflinuxfs5', rubyAbi: '3.1.0' },
      { stack: 'cflinuxfs4', rubyAbi: '3.2.0' },
    ]) {
      const s = await staging();
      await mkdir(join(s.layout.vendorBundle, 'ruby'), { recursive: true });
      await gemCache(s.cacheDir, s.layout).save({ digest: 'k', stack: 'cflinuxfs4', rubyAbi: '3.1.0' });
      const other = rubyLayout(join(s.root, 'deps2', '0'));
      expect(await restoreGems(gemCache(s.cacheDir, other), wanted)).toBeUndefined();
      expect(await gemCache(s.cacheDir, other).saved()).toBeUndefined();
      await expect(stat(other.vendorBundle)).rejects.toThrow();
    }
  });

  it('restores nothing from an empty cache', async () => {
    const s = await staging();
    expect(await restoreGems(gemCache(s.cacheDir, s.layout), { stack: 'cflinuxfs4', rubyAbi: '3.1.0' })).toBeUndefined();
  });
});
