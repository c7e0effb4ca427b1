import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDirectory, linkCopyTree } from '@bpkit/fs';

/** What a cached zip says about the bootstrap's Node it holds unpacked at vendor/node (written by @bpkit/packager). */
interface VendoredEntry {
  name: string;
  version: string;
  sha256: string;
}

/**
 * The unpacked copy of a manifest entry this buildpack ships, if the entry is the one its vendor/node came from:
 * the Node.js buildpack's default runtime is the bootstrap's, so the app gets it without unpacking the tarball.
 */
export async function vendoredCopy(buildpackDir: string, dep: { name: string; version: string; sha256: string }): Promise<string | undefined> {
  let entry: VendoredEntry;
  try {
    entry = JSON.parse(await readFile(join(buildpackDir, 'vendor', 'node.json'), 'utf8')) as VendoredEntry;
  } catch {
    return undefined;
  }
  const dir = join(buildpackDir, 'vendor', 'node');
  const same = entry.name === dep.name && entry.version === dep.version && entry.sha256 === dep.sha256.toLowerCase();
  return same && (await isDirectory(dir)) ? dir : undefined;
}

/** Installs the vendored copy at targetDir: hard links when the buildpack and deps share a filesystem (as on CF). */
export async function installVendoredCopy(dir: string, targetDir: string): Promise<void> {
  await linkCopyTree(dir, targetDir);
}
