import { execFile } from 'node:child_process';
import { lstat, mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import { promisify } from 'node:util';
import { isFile } from '@bpkit/fs';
import type { ZipSource } from './buildpack-files.ts';
import { PackagerError } from './packager-error.ts';

const run = promisify(execFile);

/** Where a cached zip keeps the bootstrap's Node, unpacked: lib/bootstrap.sh runs `<bp>/vendor/node/bin/node` first. */
export const VENDORED_RUNTIME_DIR = 'vendor/node';
/**
 * Beside it, the manifest entry it was unpacked from: a buildpack that installs that same entry for the app (the
 * Node.js buildpack's default) copies vendor/node instead of unpacking the tarball again (@bpkit/buildpack reads it).
 */
export const VENDORED_RUNTIME_ENTRY = 'vendor/node.json';

const BOOTSTRAP_ONLY = new Set([`${VENDORED_RUNTIME_DIR}/bin/node`, `${VENDORED_RUNTIME_DIR}/LICENSE`]);

export interface VendoredRuntime {
  sources: ZipSource[];
  /** Removes the unpacked copy once the zip is written. */
  dispose(): Promise<void>;
}

/**
 * The bootstrap's Node tarball unpacked into zip entries under vendor/node (links kept as links), so a staging on
 * a foundation extracts it with the buildpack and starts it without any tar work. Upstream CF tarballs hold
 * bin/node at their root; nodejs.org's one top directory is flattened. bin/node is stored, not deflated: see
 * the foundation bench for the figure that chose it.
 *
 * `whole: false` keeps only bin/node and the licence: all the bootstrap runs. CF extracts every entry of the zip at
 * every staging, and npm's 2,500 small files cost more to extract there than the 100 MB binary (1.3 s against
 * 0.7 s on the bench machine), so only a buildpack that installs this Node for apps too ships the whole tree.
 */
export async function vendoredRuntime(
  tarball: string,
  entry: { name: string; version: string; sha256: string },
  tempParent: string,
  options: { whole: boolean },
): Promise<VendoredRuntime> {
  const dir = await mkdtemp(join(tempParent, 'bpkit-vendored-node-'));
  const dispose = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    await run('tar', ['-xzf', tarball, '-C', dir]);
    let root = dir;
    if (!(await isFile(join(root, 'bin', 'node')))) {
      const top = await readdir(dir);
      if (top.length === 1 && (await isFile(join(dir, top[0] as string, 'bin', 'node')))) root = join(dir, top[0] as string);
      else throw new PackagerError(`the bootstrap's Node tarball ${tarball} has no bin/node`);
    }
    const all = await entries(root);
    if (!options.whole) return { sources: all.filter((s) => BOOTSTRAP_ONLY.has(s.name)), dispose };
    const description = Buffer.from(`${JSON.stringify({ name: entry.name, version: entry.version, sha256: entry.sha256 })}\n`);
    return { sources: [...all, { name: VENDORED_RUNTIME_ENTRY, data: description, executable: false }], dispose };
  } catch (err) {
    await dispose();
    throw err instanceof PackagerError ? err : new PackagerError(`cannot unpack the bootstrap's Node: ${(err as Error).message}`);
  }
}

async function entries(root: string): Promise<ZipSource[]> {
  const sources: ZipSource[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      const zipName = posix.join(VENDORED_RUNTIME_DIR, relative(root, path).split('\\').join('/'));
      const info = await lstat(path);
      if (info.isDirectory()) await walk(path);
      else if (info.isSymbolicLink()) {
        const target = await readlink(path);
        // A link must stay inside the runtime: the zip is unpacked into the buildpack's own directory.
        if (target.startsWith('/') || posix.normalize(posix.join(posix.dirname(zipName), target)).split('/')[0] !== 'vendor') {
          throw new PackagerError(`the bootstrap's Node tarball links ${zipName} outside itself (${target})`);
        }
        sources.push({ name: zipName, symlink: target, executable: false });
      } else if (info.isFile()) {
        sources.push({ name: zipName, path, executable: (info.mode & 0o111) !== 0, store: zipName === `${VENDORED_RUNTIME_DIR}/bin/node` });
      }
    }
  };
  await walk(root);
  return sources;
}
