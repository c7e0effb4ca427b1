import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PackagerError } from './packager-error.ts';
import type { ZipSource } from './buildpack-files.ts';

/**
 * Every entry's timestamp: 1980-01-01 00:00, the first DOS time. DOS times are zone-less wall-clock
 * fields that yazl fills from a Date's local getters, so the Date is built from local fields (at each
 * call, in the zone of the moment) to give the same bytes in every time zone.
 */
const fixedMtime = (): Date => new Date(1980, 0, 1, 0, 0, 0);

// Already compressed: deflating them again costs a full CPU pass and saves nothing.
const STORED = /\.(tgz|gz|tbz2?|bz2|txz|xz|zst|lz4|br|zip|jar|war|ear|7z|whl|gem|nupkg|phar|png|jpe?g)$/i;

export interface ZipResult {
  size: number;
  sha256: string;
}

/** Directory entries for every parent of every file, so unzip recreates them 0755. */
function directories(names: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const name of names) {
    for (let d = posix.dirname(name); d !== '.' && d !== '/'; d = posix.dirname(d)) dirs.add(d);
  }
  return [...dirs];
}

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * Writes `outFile` from `sources` so the same inputs give the same bytes: entries in byte order of
 * their names, one fixed timestamp, modes normalised to 0755 (any x bit) or 0644, directories 0755,
 * no extra fields. The zip is written to a temp file beside `outFile` and renamed, so a failure never
 * leaves a partial zip; its sha256 is computed while it is written.
 */
export async function writeDeterministicZip(sources: readonly ZipSource[], outFile: string): Promise<ZipResult> {
  const names = new Set<string>();
  for (const s of sources) {
    if (names.has(s.name)) throw new PackagerError(`two files for one zip entry: ${s.name}`);
    names.add(s.name);
  }
  const files = [...sources].sort((a, b) => byteOrder(a.name, b.name));
  const entries = [
    ...directories(files.map((f) => f.name)).map((name) => ({ name: `${name}/`, file: undefined })),
    ...files.map((file) => ({ name: file.name, file })),
  ].sort((a, b) => byteOrder(a.name, b.name));

  const yazl = await import('yazl');
  const zip = new yazl.ZipFile();
  const temp = `${outFile}.${process.pid}.tmp`;
  const hash = createHash('sha256');
  let size = 0;
  const zipError = new Promise<never>((_, fail) => zip.on('error', fail));
  const written = pipeline(
    zip.outputStream as Readable,
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    },
    createWriteStream(temp),
  );
  const mtime = fixedMtime();
  try {
    for (const { name, file } of entries) {
      const common = { mtime, forceDosTimestamp: true };
      if (!file) {
        zip.addEmptyDirectory(name, { ...common, mode: 0o40755 });
        continue;
      }
      if (file.symlink !== undefined) {
        zip.addBuffer(Buffer.from(file.symlink), file.name, { ...common, mode: 0o120777, compress: false });
        continue;
      }
      const options = { ...common, mode: file.executable ? 0o100755 : 0o100644, compress: !(file.store || STORED.test(file.name)) };
      if (file.data !== undefined) zip.addBuffer(file.data, file.name, options);
      else if (file.path !== undefined) zip.addFile(file.path, file.name, options);
      else throw new PackagerError(`zip entry ${file.name} has no content`);
    }
    zip.end();
    await Promise.race([written, zipError]);
  } catch (err) {
    (zip.outputStream as Readable).destroy(err as Error);
    await written.catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  await rename(temp, outFile);
  return { size, sha256: hash.digest('hex') };
}
