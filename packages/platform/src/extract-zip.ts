import { createWriteStream } from 'node:fs';
import { chmod, mkdir, symlink } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** Extracts a buildpack zip keeping Unix modes (CF's unzip does), refusing entries that escape `target`. */
export async function extractZip(zipPath: string, target: string): Promise<void> {
  const yauzl = await import('yauzl');
  const zip = await yauzl.openPromise(zipPath, { autoClose: false, validateEntrySizes: true });
  try {
    const root = resolve(target);
    for await (const entry of zip.eachEntry()) {
      const dest = resolve(root, entry.fileName);
      const rel = relative(root, dest);
      if (rel.startsWith('..') || rel.startsWith(sep) || resolve(root, rel) !== dest) {
        throw new Error(`zip entry escapes the target directory: ${entry.fileName}`);
      }
      const mode = (entry.externalFileAttributes >>> 16) & 0o177777;
      const type = mode & 0o170000;
      if (entry.fileName.endsWith('/') || type === 0o040000) {
        await mkdir(dest, { recursive: true });
        continue;
      }
      await mkdir(dirname(dest), { recursive: true });
      const stream = await zip.openReadStreamPromise(entry);
      if (type === 0o120000) {
        const chunks: Buffer[] = [];
        for await (const c of stream) chunks.push(c as Buffer);
        const linkTarget = Buffer.concat(chunks).toString('utf8');
        const resolved = resolve(dirname(dest), linkTarget);
        if (relative(root, resolved).startsWith('..')) throw new Error(`zip symlink escapes the target: ${entry.fileName}`);
        await symlink(linkTarget, dest);
        continue;
      }
      await pipeline(stream, createWriteStream(dest));
      if (mode & 0o777) await chmod(dest, mode & 0o777);
    }
  } finally {
    zip.close();
  }
}
