import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Sha256MismatchError, applyMirror, download, sha256OfFile, uriBasename } from '@bpkit/dependency';
import type { DownloadBody, RetryPolicy } from '@bpkit/dependency';
import { isFile } from '@bpkit/fs';
import type { ManifestDependency } from '@bpkit/manifest';
import type { Logger } from '@bpkit/log';
import { redact } from '@bpkit/log';

type Env = Readonly<Record<string, string | undefined>>;

/** `$BPKIT_PACKAGER_CACHE`, else `$XDG_CACHE_HOME/bpkit/packager` (CF's packager: `~/.buildpack-packager/cache`). */
export function defaultCacheDir(env: Env = process.env): string {
  if (env['BPKIT_PACKAGER_CACHE']) return env['BPKIT_PACKAGER_CACHE'];
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'bpkit', 'packager');
}

/**
 * `dependencies/<md5hex(uri)>/<basename>`: the path inside a cached zip (the manifest's `file:`) and
 * inside the download cache. md5 only names the directory, as in libbuildpack.
 */
export function vendoredPath(uri: string): string {
  const base = uriBasename(uri);
  const safe = base === '.' || base === '..' || base.includes('/') ? 'download' : base;
  return posix.join('dependencies', createHash('md5').update(uri).digest('hex'), safe);
}

export interface CacheOptions {
  cacheDir: string;
  /** Download even when the cache holds the file (`--force-download`). */
  force?: boolean;
  log: Logger;
  env?: Env;
  retry?: Partial<RetryPolicy>;
}

async function fetchTo(uri: string, temp: string, options: CacheOptions): Promise<string> {
  return download(
    uri,
    async (body: DownloadBody) => {
      const hash = createHash('sha256');
      try {
        await pipeline(async function* () {
          for await (const chunk of body.chunks) {
            hash.update(chunk);
            yield chunk;
          }
        }, createWriteStream(temp));
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      return hash.digest('hex');
    },
    { log: options.log, env: options.env ?? process.env, ...(options.retry ? { retry: options.retry } : {}) },
  );
}

/**
 * Puts the dependency into `<cacheDir>/dependencies/<md5(uri)>/<basename>` unless it is there already
 * with the right sha256, and returns that path. Downloads (http, https, file; through
 * `BPKIT_DEPENDENCY_MIRROR` when set) land in a temp file hashed while streaming and are renamed
 * into place only when the sha256 matches, so the cache never holds a wrong or partial file.
 */
export async function cacheDependency(dep: ManifestDependency, options: CacheOptions): Promise<string> {
  const path = join(options.cacheDir, vendoredPath(dep.uri));
  const expected = dep.sha256.toLowerCase();
  if (!options.force && (await isFile(path))) {
    const actual = await sha256OfFile(path);
    if (actual === expected) {
      options.log.info(`Using cached [${path}]`);
      return path;
    }
    options.log.warning(`${path} has sha256 ${actual}, not ${expected}: downloading it again`);
  }
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.part`;
  const uri = applyMirror(dep.uri, options.env ?? process.env);
  options.log.info(`Download [${redact(uri)}]`);
  const actual = await fetchTo(uri, temp, options);
  if (actual !== expected) {
    await rm(temp, { force: true });
    throw new Sha256MismatchError(expected, actual);
  }
  await rename(temp, path);
  return path;
}
