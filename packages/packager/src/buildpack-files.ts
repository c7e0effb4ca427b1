import { readdir, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { PACKAGED_ZIP } from './zip-name.ts';
import { PackagerError } from './packager-error.ts';

/** One file of a buildpack zip: read from `path`, the bytes in `data`, or a symlink to `symlink`. */
export interface ZipSource {
  /** Path inside the zip, `/`-separated, no leading `/`. */
  name: string;
  path?: string;
  data?: Buffer;
  /** A relative link target, kept as a link (a vendored runtime's bin/npm → ../lib/node_modules/npm/...). */
  symlink?: string;
  executable: boolean;
  /** Stored, not deflated: files a staging must unpack fastest (the bootstrap's Node), or already compressed. */
  store?: boolean;
}

/** Written by the packager itself (or its own output); never copied from the buildpack directory. */
const GENERATED = new Set(['VERSION', 'manifest.yml', 'lib/node-runtime']);
// libbuildpack skips .git and tests when it copies the buildpack; dependencies/ is the packager's own.
const SKIPPED_TOP = new Set(['.git', 'tests', 'dependencies']);

function isSkipped(name: string): boolean {
  if (GENERATED.has(name)) return true;
  const top = name.split('/')[0] as string;
  if (SKIPPED_TOP.has(top)) return true;
  return !name.includes('/') && PACKAGED_ZIP.test(name);
}

function matchesAny(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    const clean = p.replace(/^\.\//, '').replace(/\/+$/, '');
    return name === clean || name.startsWith(`${clean}/`);
  });
}

async function walk(root: string, rel: string, out: ZipSource[]): Promise<void> {
  const dir = rel ? join(root, rel) : root;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const name = rel ? posix.join(rel, entry.name) : entry.name;
    // Symlinks are followed, as CF's packager (os.Open) does: the zip holds what the link points at.
    const info = await stat(join(root, name)).catch(() => undefined);
    if (!info) throw new PackagerError(`failed to open included_file: ${join(root, name)}, a broken symlink`);
    if (info.isDirectory()) await walk(root, name, out);
    else if (info.isFile()) out.push({ name, path: join(root, name), executable: (info.mode & 0o111) !== 0 });
  }
}

/**
 * The buildpack's own files for the zip, minus `exclude_files` (exact paths or directories); VERSION,
 * manifest.yml and lib/node-runtime are left out: the packager writes them.
 * - A plain CF-layout buildpack (no `fallbackDir`): `include_files` when listed (a directory brings its
 *   contents), else everything, as CF's packager does.
 * - A bpkit package (`dir` = its build/, `fallbackDir` = the package): everything in build/, which holds
 *   exactly what the bundler generated (a hand-kept list would miss new chunks), plus the `include_files`
 *   found beside it, such as README.md or LICENSE.
 */
export async function buildpackFiles(
  dir: string,
  lists: { include_files?: readonly string[] | undefined; exclude_files?: readonly string[] | undefined } = {},
  fallbackDir?: string,
): Promise<ZipSource[]> {
  const files: ZipSource[] = [];
  if (fallbackDir) await walk(dir, '', files);
  if (lists.include_files) {
    for (const listed of lists.include_files) {
      const name = posix.normalize(listed.replace(/^\.\//, '')).replace(/\/+$/, '');
      if (name.startsWith('../') || name === '..' || name.startsWith('/')) {
        throw new PackagerError(`include_files: ${listed} is outside the buildpack`);
      }
      let root = dir;
      let info = await stat(join(dir, name)).catch((err: NodeJS.ErrnoException) => err);
      if (info instanceof Error && fallbackDir) {
        root = fallbackDir;
        info = await stat(join(fallbackDir, name)).catch((err: NodeJS.ErrnoException) => err);
      }
      if (info instanceof Error) {
        throw new PackagerError(`failed to open included_file: ${join(dir, name)}, ${(info as NodeJS.ErrnoException).code ?? info.message}`);
      }
      if (info.isDirectory()) await walk(root, name, files);
      else files.push({ name, path: join(root, name), executable: (info.mode & 0o111) !== 0 });
    }
  } else if (!fallbackDir) {
    await walk(dir, '', files);
  }
  const exclude = lists.exclude_files ?? [];
  const seen = new Set<string>();
  return files.filter((f) => {
    if (seen.has(f.name) || isSkipped(f.name) || matchesAny(f.name, exclude)) return false;
    seen.add(f.name);
    return true;
  });
}
