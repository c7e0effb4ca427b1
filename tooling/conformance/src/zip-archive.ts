import { spawn } from 'node:child_process';
import type { Entry, ZipFile } from 'yauzl';

export interface ZipEntry {
  name: string;
  /** Unix permission bits, or undefined when the zip was not made on Unix (no mode recorded). */
  mode: number | undefined;
  directory: boolean;
  size: number;
}

async function openZip(path: string): Promise<ZipFile> {
  const yauzl = await import('yauzl');
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

function modeOf(entry: Entry): number | undefined {
  // The high 16 bits of the external attributes hold st_mode when the zip was made on Unix (host 3).
  if (entry.versionMadeBy >> 8 !== 3) return undefined;
  const mode = entry.externalFileAttributes >>> 16;
  return mode === 0 ? undefined : mode & 0o7777;
}

async function eachEntry(path: string, visit: (entry: Entry, zip: ZipFile) => Promise<boolean | void>): Promise<void> {
  const zip = await openZip(path);
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: Entry) => {
        visit(entry, zip).then(
          (stop) => (stop === true ? resolve() : zip.readEntry()),
          reject,
        );
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

export async function zipEntries(path: string): Promise<ZipEntry[]> {
  const entries: ZipEntry[] = [];
  await eachEntry(path, async (entry) => {
    entries.push({ name: entry.fileName, mode: modeOf(entry), directory: entry.fileName.endsWith('/'), size: entry.uncompressedSize });
  });
  return entries;
}

/** The bytes of one entry, or undefined when the zip has no such file. */
export async function zipFile(path: string, name: string): Promise<Buffer | undefined> {
  let found: Buffer | undefined;
  await eachEntry(path, async (entry, zip) => {
    if (entry.fileName !== name) return false;
    found = await new Promise<Buffer>((resolve, reject) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', reject);
        stream.on('end', () => resolve(Buffer.concat(chunks)));
      });
    });
    return true;
  });
  return found;
}

/** Unpacks a zip as CF's stager does before running its scripts: `unzip`, which keeps Unix modes. */
export function extractZip(path: string, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('unzip', ['-qo', path, '-d', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`unzip ${path} exited ${code}: ${stderr.trim()}`))));
  });
}
