// CC refuses app bits whose symlinks lead out of the app (app_packager.rb `any_outside_symlinks?`:
// AppBitsUploadInvalid, "The app upload is invalid: Symlink(s) point outside of root folder"); the cf CLI
// uploads links as links, so pushing such an app fails at upload with that message and exit 1. Without the
// check, a link to /etc or to a file beside the app would let a buildpack (or the droplet's tar) read or
// write through it outside the app.
//
// CC expands each target against the app root, which also refuses links that stay inside (a
// node_modules/.bin/x -> ../pkg/bin/x). This check resolves a link as the kernel would: from the link's
// own directory, following every link met on the way, so exactly the links that lead outside are refused.
import { lstat, readlink, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Thrown while uploading app bits that CC would refuse. */
export class AppBitsUploadInvalid extends Error {
  constructor(reason: string) {
    super(`The app upload is invalid: ${reason}`);
    this.name = 'AppBitsUploadInvalid';
  }
}

/** Linux's limit on links followed while resolving one path (ELOOP). */
const MAX_HOPS = 40;

class LinkLoop extends Error {}

/**
 * Where `target` leads from `dir` (absolute, itself free of links). Components that do not exist are
 * taken as plain directories: whatever later creates them, a dangling link can only lead there.
 */
async function follow(dir: string, target: string, hops: { left: number }): Promise<string> {
  let current = target.startsWith('/') ? '/' : dir;
  let missing = false;
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      current = dirname(current);
      continue;
    }
    const next = join(current, part);
    if (missing) {
      current = next;
      continue;
    }
    const info = await lstat(next).catch(() => undefined);
    if (!info) {
      missing = true;
      current = next;
    } else if (info.isSymbolicLink()) {
      hops.left -= 1;
      if (hops.left < 0) throw new LinkLoop();
      current = await follow(current, await readlink(next), hops);
    } else {
      current = next;
    }
  }
  return current;
}

/** True if the link at `root/rel` resolves outside `root`. A loop resolves nowhere, so it is harmless. */
async function leadsOutside(root: string, rel: string): Promise<boolean> {
  const link = join(root, rel);
  try {
    const end = await follow(dirname(link), await readlink(link), { left: MAX_HOPS });
    return end !== root && !end.startsWith(`${root}/`);
  } catch (error) {
    if (error instanceof LinkLoop) return false;
    throw error;
  }
}

/**
 * Refuses uploaded bits (`root`, with the links at `links`, relative to it) whose links lead out of the app,
 * with CC's message and, below it, the first few offending links.
 */
export async function refuseOutsideSymlinks(root: string, links: readonly string[]): Promise<void> {
  if (links.length === 0) return;
  const realRoot = await realpath(root);
  const outside: string[] = [];
  for (const rel of links) if (await leadsOutside(realRoot, rel)) outside.push(rel);
  if (outside.length === 0) return;
  const shown = await Promise.all(outside.slice(0, 5).map(async (rel) => `   ${rel} -> ${await readlink(join(realRoot, rel))}`));
  const more = outside.length > 5 ? [`   and ${outside.length - 5} more`] : [];
  throw new AppBitsUploadInvalid(['Symlink(s) point outside of root folder', ...shown, ...more].join('\n'));
}
