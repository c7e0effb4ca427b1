import { chmod, copyFile, mkdir, readFile, readdir, readlink, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { IgnoreMatcher } from './cfignore.ts';
import { refuseOutsideSymlinks } from './outside-symlinks.ts';

/**
 * Copies an app directory the way `cf push` uploads it: .cfignore and CF's always-ignored
 * names are left out, directories become 0755, files keep their mode and links stay links, and
 * bits whose links lead out of the app are refused as CC refuses them (AppBitsUploadInvalid).
 */
export async function uploadApp(appDir: string, targetDir: string): Promise<void> {
  let cfignore = '';
  try {
    cfignore = await readFile(join(appDir, '.cfignore'), 'utf8');
  } catch {
    // no .cfignore: only the always-ignored list applies
  }
  const matcher = new IgnoreMatcher(cfignore);
  await mkdir(targetDir, { recursive: true, mode: 0o755 });
  const links: string[] = [];
  await copyTree(appDir, targetDir, '', matcher, links);
  await refuseOutsideSymlinks(targetDir, links);
}

async function copyTree(src: string, dest: string, rel: string, matcher: IgnoreMatcher, links: string[]): Promise<void> {
  const entries = await readdir(src, { withFileTypes: true });
  for (const entry of entries) {
    const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
    const from = join(src, entry.name);
    const to = join(dest, entry.name);
    if (matcher.ignores(relPath, entry.isDirectory())) continue;
    if (entry.isDirectory()) {
      await mkdir(to, { mode: 0o755 });
      await chmod(to, 0o755);
      await copyTree(from, to, relPath, matcher, links);
    } else if (entry.isSymbolicLink()) {
      await symlink(await readlink(from), to);
      links.push(relPath);
    } else if (entry.isFile()) {
      // copyFile keeps the source's mode bits.
      await copyFile(from, to);
    }
    // FIFOs, sockets and devices are left out: a zip holds none, and reading a FIFO would wait for a writer.
  }
}
