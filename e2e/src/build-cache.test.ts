import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS } from './app-http.ts';
import { type Finished, bpkit } from './bpkit.ts';
import { NODE_22, type NodeRuntimes, nodeRuntimes } from './node-toolchain.ts';
import { type TestPlatform, testPlatform } from './test-platform.ts';

// cloud_controller_ng#2991: the app's build cache, shown, cleared and kept under a limit by its user.
describe('build cache control through real pushes of a Node.js app', () => {
  const NAME = 'cached';
  let runtimes: NodeRuntimes;
  let platform: TestPlatform;

  beforeAll(async () => {
    runtimes = await nodeRuntimes([NODE_22]);
    platform = await testPlatform({ manifests: { node: runtimes.manifest } });
  }, 300_000);
  afterAll(async () => {
    if (platform) await bpkit(['delete', NAME, '-f'], platform.env);
    await runtimes?.server.close();
  });

  const push = async (extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<string> => {
    const result = await bpkit(['push', NAME, '-p', join(APPS, 'node-lockfile'), ...extra], { ...platform.env, ...env });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    return result.stdout;
  };
  const cache = (...args: string[]): Promise<Finished> => bpkit(['cache', NAME, ...args], platform.env);

  it('a second staging uses the cache; `bpkit cache` shows its node entries; --clear makes the next staging cold', async () => {
    const cold = await push();
    expect(cold).toContain('Skipping cache restore (no previous cache)');
    expect(cold).toMatch(/Download \[http:\/\/127\.0\.0\.1:\d+\/node_22/);
    // Far under the default limit of 1G: nothing is evicted.
    expect(cold).not.toContain('Build cache is');

    const warm = await push();
    expect(warm).toContain('- node_modules (lockfile unchanged)');
    expect(warm).toContain('Reusing the unpacked copy in the app cache');
    expect(warm).not.toContain('Download [');

    const shown = await cache();
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`^Getting build cache for app ${NAME} in org local / space local as vcap\\.\\.\\.\\n\\n`));
    expect(shown.stdout).toMatch(/^buildpack\s+entries\s+size\s+last used$/m);
    // The unpacked Node toolchain alone is well over a megabyte.
    expect(shown.stdout).toMatch(/^nodejs_buildpack\s+[2-9]\s+\d+(\.\d)?M\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m);
    expect(shown.stdout).toMatch(/^total:\s+\d+(\.\d)?M$/m);
    expect(shown.stdout).toMatch(/^limit:\s+1G \(default\)$/m);

    const cleared = await cache('--clear');
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toBe(`Clearing build cache for app ${NAME} in org local / space local as vcap...\nOK\n`);
    expect((await cache()).stdout).toContain('\nNo build cache for app found.\n');

    const again = await push();
    expect(again).toContain('Skipping cache restore (no previous cache)');
    expect(again).toMatch(/Download \[http:\/\/127\.0\.0\.1:\d+\/node_22/);
    expect(again).not.toContain('Reusing the unpacked copy in the app cache');
  });

  it('a push with --cache-limit 1M after a warm staging evicts the least recently used entry with a warning, and stages', async () => {
    // The last staging left a warm cache, all of it used by that staging: the largest entries go first.
    const limited = await push(['--cache-limit', '1M']);
    expect(limited).toMatch(/^ {3}-----> Build cache is \d+(\.\d)?M, over its 1M limit: evicting the least recently used entries$/m);
    expect(limited).toMatch(
      /^ {10}\*\*WARNING\*\* Evicted unpacked\/node of nodejs_buildpack from the build cache \(\d+(\.\d)?M, last used \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$/m,
    );
    // The downloaded Node tarball goes too: the toolchain alone would leave 45M.
    expect(limited).toMatch(/^ {10}\*\*WARNING\*\* Evicted dependencies\/[0-9a-f]{64} of nodejs_buildpack from the build cache \(\d+(\.\d)?M, /m);
    expect(limited.match(/\*\*WARNING\*\* Evicted/g)).toHaveLength(2);
    expect(limited).toMatch(/^ {10}Build cache is now \d+(\.\d)?K \(limit 1M\)$/m);
    // node_modules, small, stays; the toolchain is fetched again.
    expect(limited).toContain('- node_modules (lockfile unchanged)');
    expect(limited).toMatch(/Download \[http:\/\/127\.0\.0\.1:\d+\/node_22/);
    // The warning is part of the staging log, as any staging line.
    const logs = await bpkit(['logs', NAME, '--recent'], platform.env);
    expect(logs.stdout).toMatch(/\[STG\/0\] OUT {8}\*\*WARNING\*\* Evicted unpacked\/node of nodejs_buildpack/);

    // BPKIT_BUILD_CACHE_LIMIT does the same for every push.
    const byEnv = await push([], { BPKIT_BUILD_CACHE_LIMIT: '1M' });
    expect(byEnv).toContain('**WARNING** Evicted unpacked/node of nodejs_buildpack from the build cache');
    const shown = await bpkit(['cache', NAME], { ...platform.env, BPKIT_BUILD_CACHE_LIMIT: '1M' });
    expect(shown.stdout).toMatch(/^limit:\s+1M \(BPKIT_BUILD_CACHE_LIMIT\)$/m);
  });

  it('a limit that is no size fails the push before staging', async () => {
    const flag = await bpkit(['push', NAME, '-p', join(APPS, 'node-lockfile'), '--cache-limit', 'lots'], platform.env);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain("Incorrect Usage: --cache-limit must be a size such as 512M or 2G (got 'lots')");
    const env = await bpkit(['push', NAME, '-p', join(APPS, 'node-lockfile')], { ...platform.env, BPKIT_BUILD_CACHE_LIMIT: 'lots' });
    expect(env.code).toBe(1);
    expect(env.stderr).toContain("BPKIT_BUILD_CACHE_LIMIT must be a size such as 512M or 2G (got 'lots')\nFAILED");
    expect(env.stdout).not.toContain('Staging app');
  });

  it('`bpkit cache` of an app that does not exist fails as cf does', async () => {
    const result = await bpkit(['cache', 'nope'], platform.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("App 'nope' not found\nFAILED\n");
  });
});
