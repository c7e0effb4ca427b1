import { lstat, mkdir, mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '@bpkit/manifest';
import { buildTestManifest, packTarball, startDependencyServer } from '@bpkit/dep-server';
import type { DependencyServer } from '@bpkit/dep-server';
import { appCachePath } from './app-cache.ts';
import { Installer } from './installer.ts';
import { bufferLogger } from './test-support.ts';

let root: string;
let server: DependencyServer;
let bp: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bpkit-installer-'));
  for (const v of ['1.21.0', '1.22.1', '1.22.3']) {
    const src = join(root, 'src', v);
    await mkdir(join(src, 'bin'), { recursive: true });
    await writeFile(join(src, 'bin', 'go'), `go ${v}\n`, { mode: 0o755 });
    await packTarball(src, join(root, `go_${v}.tgz`));
  }
  await mkdir(join(root, 'src', 'dep'), { recursive: true });
  await writeFile(join(root, 'src', 'dep', 'dep'), 'dep\n');
  await packTarball(join(root, 'src', 'dep'), join(root, 'dep_0.5.tgz'));
  server = await startDependencyServer({ root });
  bp = join(root, 'bp');
  await mkdir(bp);
  await writeFile(
    join(bp, 'manifest.yml'),
    await buildTestManifest({
      language: 'go',
      root,
      baseUrl: server.url,
      defaultVersions: [{ name: 'go', version: '1.22.x' }],
      dependencies: [
        { name: 'go', version: '1.21.0', file: 'go_1.21.0.tgz' },
        { name: 'go', version: '1.22.1', file: 'go_1.22.1.tgz' },
        { name: 'go', version: '1.22.3', file: 'go_1.22.3.tgz' },
        { name: 'go', version: '1.22.3', file: 'go_1.22.3.tgz', cf_stacks: ['cflinuxfs5'] },
        { name: 'dep', version: '0.5', file: 'dep_0.5.tgz' },
      ],
    }),
  );
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('Installer', () => {
  it('installs the default version, the only version, and warns about newer patches', async () => {
    const manifest = await loadManifest(join(bp, 'manifest.yml'));
    const { log, output } = bufferLogger();
    const cache = join(root, 'cache');
    const installer = new Installer({ manifest, stack: 'cflinuxfs4', log, appCacheDir: cache, env: {} });
    const deps = join(root, 'deps', '0');

    const def = manifest.defaultVersion('go', 'cflinuxfs4');
    expect(def.version).toBe('1.22.3');
    await installer.install(def, join(deps, 'go'));
    expect(await readFile(join(deps, 'go', 'bin', 'go'), 'utf8')).toBe('go 1.22.3\n');

    await installer.install({ name: 'go', version: '1.22.1' }, join(deps, 'go-old'), { strip: 1 });
    expect(await readFile(join(deps, 'go-old', 'bin', 'go'), 'utf8')).toBe('go 1.22.1\n');
    expect(output()).toContain('A newer version of go is available in this buildpack. Please adjust your app to use version 1.22.3 instead of version 1.22.1');

    await installer.install({ name: 'dep', version: manifest.allDependencyVersions('dep', 'cflinuxfs4')[0]! }, join(deps, 'dep'));
    expect(await readFile(join(deps, 'dep', 'dep'), 'utf8')).toBe('dep\n');
    await expect(installer.install({ name: 'go', version: '9.9.9' }, join(deps, 'x'))).rejects.toThrow(
      'DEPENDENCY MISSING IN MANIFEST:\n\nVersion 9.9.9 of dependency go is not supported by this buildpack.',
    );

    // A cache entry from an earlier staging that this one did not use is dropped.
    const stale = appCachePath(cache, `${server.url}/go_1.21.0.tgz`);
    await mkdir(join(stale, '..'), { recursive: true });
    await writeFile(stale, 'old');
    await utimes(stale, new Date('2020-01-01'), new Date('2020-01-01'));
    expect(await installer.cleanupAppCache()).toEqual([stale]);
    expect(await readFile(appCachePath(cache, `${server.url}/go_1.22.3.tgz`))).toBeTruthy();
  });

  it('with reuse keeps the unpacked copy in the app cache: a restage links or hard-links it, unpacking and fetching nothing', async () => {
    const manifest = await loadManifest(join(bp, 'manifest.yml'));
    const { log, output } = bufferLogger();
    const cache = join(root, 'cache-reuse');
    const installer = new Installer({ manifest, stack: 'cflinuxfs4', log, appCacheDir: cache, env: {} });
    const deps = join(root, 'deps-reuse');
    const go = { name: 'go', version: '1.22.3' };

    await installer.install(go, join(deps, 'tool'), { reuse: 'link' });
    expect(output()).toContain('Download [');
    const requests = server.requests.length;
    await rm(deps, { recursive: true });

    // A tool that stays out of the droplet: a symlink into the cache.
    await installer.install(go, join(deps, 'tool'), { reuse: 'link' });
    expect((await lstat(join(deps, 'tool'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(deps, 'tool', 'bin', 'go'), 'utf8')).toBe('go 1.22.3\n');
    // A runtime the droplet ships: real files, hard links to the cached copy, with the cached copy's times
    // (use is marked beside the copy, so every restage hands the droplet writer the same tree).
    const [unpackedName] = (await readdir(join(cache, 'unpacked', 'go'))).filter((n) => !n.endsWith('.used'));
    const cachedTimes = (await lstat(join(cache, 'unpacked', 'go', unpackedName as string))).mtimeMs;
    await installer.install(go, join(deps, 'runtime'), { reuse: 'copy' });
    const file = await lstat(join(deps, 'runtime', 'bin', 'go'));
    expect(file.isFile() && file.nlink).toBeGreaterThanOrEqual(2);
    expect((await lstat(join(deps, 'runtime'))).mtimeMs).toBe(cachedTimes);
    expect((await lstat(join(cache, 'unpacked', 'go', `${unpackedName}.used`))).isFile()).toBe(true);
    expect(output().match(/Reusing the unpacked copy in the app cache/g)?.length).toBe(2);
    expect(server.requests.length).toBe(requests);

    // Another version replaces the cached copy instead of piling up next to it.
    await installer.install({ name: 'go', version: '1.22.1' }, join(deps, 'old'), { reuse: 'copy' });
    expect(await readdir(join(cache, 'unpacked', 'go'))).toEqual([expect.stringMatching(/^1\.22\.1-[0-9a-f]{16}$/), expect.stringMatching(/^1\.22\.1-[0-9a-f]{16}\.used$/)]);
  });
});
