import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rename, rm, stat, utimes } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { BuildpackError, type Dependencies, type SupplyContext } from '@bpkit/buildpack';
import { exec } from '@bpkit/exec';
import type { ManifestDependency } from '@bpkit/manifest';

export interface InstalledGo {
  /** deps/<idx>/go<version>: what the tarball was unpacked into. */
  installDir: string;
  /** installDir/go: the tarball's top directory, GOROOT. */
  goRoot: string;
  /** Where the tarball came from. */
  source: 'file' | 'app-cache' | 'download';
}

// go-buildpack exits 16 when supply fails.
const SUPPLY_EXIT = 16;

/** Upstream go tarballs hold one top directory `go/`; go-buildpack unpacks them into deps/<idx>/go<version>. */
export function goInstallDir(depDir: string, version: string): string {
  return join(depDir, `go${version}`);
}

/** libbuildpack's app cache location: `<cache>/dependencies/<sha256hex(uri)>/<basename(uri)>`. */
export function appCacheFile(cacheDir: string, uri: string): string {
  let name: string;
  try {
    name = posix.basename(decodeURIComponent(new URL(uri).pathname));
  } catch {
    name = posix.basename(uri.split(/[?#]/)[0] ?? uri);
  }
  return join(cacheDir, 'dependencies', createHash('sha256').update(uri).digest('hex'), name || 'download');
}

const isFile = (path: string): Promise<boolean> =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (b) => hash.update(b))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * Installs the manifest's go `version` into deps/<idx>/go<version>.
 *
 * A download goes through the core installer (retries, mirror, proxy, sha256, app cache). A tarball
 * that is already on disk (vendored in a cached buildpack, or kept in the app cache by an earlier
 * staging) is checked against its sha256 and unpacked by the stack's `tar`, which unpacks the 13,000
 * files of a Go toolchain several times faster than a JavaScript tar: that is most of a restage.
 */
export async function installGo(ctx: SupplyContext, deps: Dependencies, version: string): Promise<InstalledGo> {
  const installDir = goInstallDir(ctx.depDir, version);
  const goRoot = join(installDir, 'go');
  const entry = deps.manifest.getEntry('go', version, ctx.stack);
  const local = await localTarball(ctx, entry, deps);
  if (!local) {
    try {
      const result = await deps.install({ name: 'go', version }, installDir);
      return { installDir, goRoot, source: result.source };
    } catch (err) {
      throw new BuildpackError(`Error installing Go: ${(err as Error).message}`, { exitCode: SUPPLY_EXIT, cause: err });
    }
  }

  ctx.log.beginStep(`Installing go ${version}`);
  ctx.log.info(`Copy [${local.path}]`);
  const actual = await sha256(local.path);
  if (actual !== entry.sha256.toLowerCase()) {
    const mismatch = `dependency sha256 mismatch: expected sha256 ${entry.sha256}, actual sha256 ${actual}`;
    if (local.source === 'file') throw new BuildpackError(`Error installing Go: ${mismatch}`, { exitCode: SUPPLY_EXIT });
    // A damaged app-cache copy must not fail every later staging: drop it and download again.
    ctx.log.warning(`cached go ${version} is damaged (${mismatch}); downloading it again`);
    await rm(local.path, { force: true });
    const result = await deps.install({ name: 'go', version }, installDir);
    return { installDir, goRoot, source: result.source };
  }
  await unpack(local.path, installDir, ctx);
  if (local.source === 'app-cache') {
    // Marks the file as used by this staging, so the app-cache cleanup after supply keeps it.
    const now = new Date();
    await utimes(local.path, now, now).catch(() => undefined);
  }
  deps.manifest.warnNewerVersion({ name: 'go', version }, ctx.stack, ctx.log);
  deps.manifest.warnEndOfLife({ name: 'go', version }, ctx.log);
  return { installDir, goRoot, source: local.source };
}

async function localTarball(
  ctx: SupplyContext,
  entry: ManifestDependency,
  deps: Dependencies,
): Promise<{ path: string; source: 'file' | 'app-cache' } | undefined> {
  const uriPath = entry.uri.split(/[?#]/)[0] ?? entry.uri;
  if (!uriPath.endsWith('.tgz') && !uriPath.endsWith('.tar.gz')) return undefined;
  const vendored = deps.manifest.filePath(entry);
  if (vendored) return (await isFile(vendored)) ? { path: vendored, source: 'file' } : undefined;
  const cached = appCacheFile(ctx.cacheDir, entry.uri);
  return (await isFile(cached)) ? { path: cached, source: 'app-cache' } : undefined;
}

/** `tar -xzf` into a sibling temp dir, then one rename: nothing is left at `target` if it fails. */
async function unpack(tarball: string, target: string, ctx: SupplyContext): Promise<void> {
  const temp = await mkdtemp(join(dirname(target), `.${basename(target)}.bpkit-`));
  const out = ctx.log.indented();
  try {
    // --no-same-owner: the tarball's uids mean nothing in the container (tar's default as root).
    await exec('tar', ['-xzf', tarball, '-C', temp, '--no-same-owner'], { env: ctx.env, stdout: out, stderr: out });
    await rm(target, { recursive: true, force: true });
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw new BuildpackError(`Error installing Go: unable to extract ${tarball}: ${(err as Error).message}`, {
      exitCode: SUPPLY_EXIT,
      cause: err,
    });
  } finally {
    out.end();
  }
}
