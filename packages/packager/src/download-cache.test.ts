import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseManifest } from '@bpkit/manifest';
import type { ManifestDependency } from '@bpkit/manifest';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheDependency, defaultCacheDir, vendoredPath } from './download-cache.ts';
import { type FileServer, captureLogger, md5, serveFiles, sha256, tempDir } from './test-support.ts';

const dep = (uri: string, sum: string): ManifestDependency =>
  parseManifest(`language: x\ndependencies:\n- name: d\n  version: 1.0.0\n  uri: ${uri}\n  sha256: ${sum}\n  cf_stacks: [s]\n`).dependencies[0]!;

describe('download cache', () => {
  let server: FileServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('names files dependencies/<md5(uri)>/<basename>, query and credentials aside', () => {
    const uri = 'https://user:pw@host.invalid/deps/go_1.22.5_linux_x64_cflinuxfs4_abcdef12.tgz?x=1';
    expect(vendoredPath(uri)).toBe(`dependencies/${md5(uri)}/go_1.22.5_linux_x64_cflinuxfs4_abcdef12.tgz`);
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/bpkit/packager');
    expect(defaultCacheDir({ BPKIT_PACKAGER_CACHE: '/p', XDG_CACHE_HOME: '/c' })).toBe('/p');
  });

  it('downloads once, reuses the cached file, and downloads again when forced', async () => {
    const body = Buffer.from('the dependency');
    server = await serveFiles({ '/d.tgz': body });
    const cacheDir = await tempDir();
    const { log, text } = captureLogger();
    const d = dep(`${server.url}/d.tgz`, sha256(body));
    const path = await cacheDependency(d, { cacheDir, log });
    expect(path).toBe(join(cacheDir, vendoredPath(d.uri)));
    expect(await readFile(path)).toEqual(body);
    await cacheDependency(d, { cacheDir, log });
    expect(server.requests).toEqual(['/d.tgz']);
    await cacheDependency(d, { cacheDir, log, force: true });
    expect(server.requests).toEqual(['/d.tgz', '/d.tgz']);
    expect(text()).toContain(`Download [${server.url}/d.tgz]`);
    expect(text()).toContain(`Using cached [${path}]`);
  });

  it('fails with CF\'s sha256 message and keeps nothing in the cache', async () => {
    server = await serveFiles({ '/d.tgz': Buffer.from('wrong bytes') });
    const cacheDir = await tempDir();
    const d = dep(`${server.url}/d.tgz`, 'f'.repeat(64));
    await expect(cacheDependency(d, { cacheDir, log: captureLogger().log })).rejects.toThrow(
      `dependency sha256 mismatch: expected sha256 ${'f'.repeat(64)}, actual sha256 ${sha256('wrong bytes')}`,
    );
    expect(await readdir(join(cacheDir, 'dependencies', md5(d.uri)))).toEqual([]);
  });

  it('replaces a corrupted cached copy, and reads file:// URIs', async () => {
    const src = await tempDir();
    await writeFile(join(src, 'd.tgz'), 'good');
    const cacheDir = await tempDir();
    const d = dep(pathToFileURL(join(src, 'd.tgz')).href, sha256('good'));
    const path = await cacheDependency(d, { cacheDir, log: captureLogger().log });
    await writeFile(path, 'corrupted');
    const { log, text } = captureLogger();
    await cacheDependency(d, { cacheDir, log });
    expect(await readFile(path, 'utf8')).toBe('good');
    expect(text()).toContain('downloading it again');
  });

  it('redacts credentials in its log lines', async () => {
    server = await serveFiles({ '/d.tgz': Buffer.from('x') });
    const uri = server.url.replace('http://', 'http://user:secret@') + '/d.tgz';
    const { log, text } = captureLogger();
    await cacheDependency(dep(uri, sha256('x')), { cacheDir: await tempDir(), log });
    expect(text()).toContain('Download [http://-redacted-:-redacted-@127.0.0.1:');
    expect(text()).not.toContain('secret');
  });
});
