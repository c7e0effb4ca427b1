// The local platform's droplet writer: the same single-member .tgz as `tar -czf droplet -C contents .`, but
// cut into segments, one per large subtree (`deps/<idx>/<name>`, `app/<name>`), each deflated on its own
// (no dictionary before it, a sync flush after it). A restage whose Ruby, Node or node_modules did not change
// copies that segment's compressed bytes from the previous droplet instead of compressing it again; an index
// beside the droplet says where each segment is and what it held.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, type Stats } from 'node:fs';
import { lstat, open, readFile, readdir, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type TransformCallback, Writable as WritableBase, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { crc32Combine } from './crc32-combine.ts';
import { DEFLATE_END, ParallelDeflateRaw, gzipHeader, gzipTrailer } from './parallel-gzip.ts';

const FORMAT = 1;
const LEVEL = 1;
/** Smaller subtrees are compressed with the rest each time: not worth an index entry and a tar process. */
const MIN_SEGMENT_BYTES = 1 << 20;
const END_OF_ARCHIVE = 1024;

interface Entry {
  /** As tar names it: `./app/server.js`. */
  name: string;
  stats: Stats;
  link?: string;
}

interface Part {
  entries: Entry[];
  /** Set for a reusable segment: digest of everything tar writes for these entries. */
  key?: string;
}

export interface SegmentRecord {
  name: string;
  key: string;
  /** Compressed bytes in the droplet file. */
  offset: number;
  length: number;
  /** Uncompressed (tar) bytes and their CRC-32. */
  size: number;
  crc: number;
}

interface SegmentIndex {
  format: number;
  level: number;
  segments: SegmentRecord[];
}

export const segmentIndexPath = (droplet: string): string => `${droplet}.segments.json`;

async function entryOf(path: string, name: string): Promise<Entry> {
  const stats = await lstat(path);
  return { name, stats, ...(stats.isSymbolicLink() ? { link: await readlink(path) } : {}) };
}

/** Depth-first, names sorted; a directory's children are stat'ed together (node_modules has thousands). */
async function walk(dir: string, entry: Entry, out: Entry[]): Promise<void> {
  out.push(entry);
  if (!entry.stats.isDirectory()) return;
  const names = (await readdir(dir)).sort();
  const children = await Promise.all(names.map((child) => entryOf(join(dir, child), `${entry.name}/${child}`)));
  for (const [i, child] of children.entries()) await walk(join(dir, names[i] as string), child, out);
}

/** Subtrees that get a segment of their own when large enough. */
function isSegmentRoot(name: string): boolean {
  const parts = name.split('/');
  return (parts.length === 4 && parts[1] === 'deps') || (parts.length === 3 && parts[1] === 'app');
}

function segmentKey(entries: Entry[]): string {
  const hash = createHash('sha256').update(`bpkit-droplet-segment ${FORMAT} ${LEVEL}\n`);
  for (const { name, stats: s, link } of entries) {
    // What tar writes (name, type, mode, owner, size, mtime, link target) and, for files, the inode: same inode,
    // size and mtime is taken as same content, as make does. Hard links inside a segment follow the inodes.
    const kind = s.isDirectory() ? 'd' : s.isSymbolicLink() ? 'l' : s.isFile() ? 'f' : 'o';
    hash.update(`${name}\0${kind}\0${s.mode}\0${s.uid}\0${s.gid}\0${s.size}\0${Math.trunc(s.mtimeMs / 1000)}\0${kind === 'f' ? s.ino : ''}\0${link ?? ''}\n`);
  }
  return hash.digest('hex');
}

async function plan(contentsDir: string): Promise<Part[]> {
  const all: Entry[] = [];
  await walk(contentsDir, await entryOf(contentsDir, '.'), all);
  const rest: Entry[] = [];
  const segments: Part[] = [];
  for (let i = 0; i < all.length; ) {
    const entry = all[i] as Entry;
    if (entry.stats.isDirectory() && isSegmentRoot(entry.name)) {
      const prefix = `${entry.name}/`;
      let end = i + 1;
      while (end < all.length && (all[end] as Entry).name.startsWith(prefix)) end++;
      const entries = all.slice(i, end);
      const bytes = entries.reduce((n, e) => n + (e.stats.isFile() ? e.stats.size : 0), 0);
      if (bytes >= MIN_SEGMENT_BYTES) segments.push({ entries, key: segmentKey(entries) });
      else rest.push(...entries);
      i = end;
    } else {
      rest.push(entry);
      i++;
    }
  }
  // Parents come first (tar extracts children of a directory listed later just the same).
  return [{ entries: rest }, ...segments];
}

/** Drops the last `n` bytes of a stream (tar's end-of-archive blocks), checking they are zeros. */
class DropTail extends Transform {
  private tail = Buffer.alloc(0);

  constructor(private readonly n: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const all = Buffer.concat([this.tail, chunk]);
    const keep = Math.max(0, all.length - this.n);
    if (keep > 0) this.push(all.subarray(0, keep));
    this.tail = all.subarray(keep);
    done();
  }

  override _flush(done: TransformCallback): void {
    done(this.tail.length === this.n && this.tail.every((b) => b === 0) ? null : new Error('tar output did not end with its end-of-archive blocks'));
  }
}

/** `tar -c --no-recursion` of exactly these entries, without the end-of-archive blocks, deflated into `out`. */
async function compressPart(tarPath: string, contentsDir: string, part: Part, out: Writable, env: Record<string, string>): Promise<{ size: number; crc: number; length: number }> {
  const tar = spawn(tarPath, ['-c', '-f', '-', '-b', '1', '-C', contentsDir, '--no-recursion', '--null', '-T', '-'], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  tar.stderr.on('data', (b) => (stderr += String(b)));
  const exited = new Promise<void>((ok, fail) => {
    tar.once('error', fail);
    tar.once('close', (code) => (code === 0 ? ok() : fail(new Error(`tar -c exited ${code}: ${stderr.trim()}`))));
  });
  tar.stdin.on('error', () => undefined);
  tar.stdin.end(part.entries.map((e) => `${e.name}\0`).join(''));
  const deflate = new ParallelDeflateRaw({ level: LEVEL });
  let length = 0;
  // Into the droplet file without ending it: more parts follow.
  const into = new WritableBase({
    write(chunk: Buffer, _encoding, done) {
      length += chunk.length;
      if (out.write(chunk)) done();
      else out.once('drain', () => done());
    },
  });
  await Promise.all([pipeline(tar.stdout, new DropTail(END_OF_ARCHIVE), deflate, into), exited]);
  return { size: deflate.size, crc: deflate.crc, length };
}

async function readIndex(droplet: string): Promise<SegmentIndex | undefined> {
  try {
    const index = JSON.parse(await readFile(segmentIndexPath(droplet), 'utf8')) as SegmentIndex;
    return index.format === FORMAT && index.level === LEVEL && Array.isArray(index.segments) ? index : undefined;
  } catch {
    return undefined;
  }
}

/** Copies [offset, offset+length) of `file` into `out`. */
async function copyRange(file: string, offset: number, length: number, out: Writable): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const chunk = Buffer.alloc(Math.min(length, 4 << 20));
    for (let done = 0; done < length; ) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, length - done), offset + done);
      if (bytesRead === 0) throw new Error(`previous droplet ${file} is shorter than its index says`);
      if (!out.write(Buffer.from(chunk.subarray(0, bytesRead)))) await new Promise((r) => out.once('drain', r));
      done += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

export interface SegmentedDropletResult {
  /** Segments copied from the previous droplet, and compressed anew. */
  reused: number;
  compressed: number;
}

/**
 * Writes `contentsDir` as a gzip'd tar to `output` (entries `./…`, one gzip member) and its segment index
 * beside it. With `previous` (a droplet this function wrote, index beside it), unchanged segments are copied.
 */
export async function writeSegmentedDroplet(options: {
  contentsDir: string;
  output: string;
  previous?: string;
  tar: string;
  env: Record<string, string>;
}): Promise<SegmentedDropletResult> {
  const parts = await plan(options.contentsDir);
  const previous = options.previous ? await readIndex(options.previous) : undefined;
  // A previous droplet shorter than its index (replaced, truncated) is not used at all.
  const previousSize = options.previous ? await stat(options.previous).then((s) => s.size, () => 0) : 0;
  const usable = (previous?.segments ?? []).filter((s) => s.offset + s.length <= previousSize);
  const byKey = new Map(usable.map((s) => [s.key, s]));
  const partial = `${options.output}.partial`;
  const out = createWriteStream(partial);
  const closed = new Promise<void>((ok, fail) => {
    out.once('error', fail);
    out.once('close', ok);
  });
  const records: SegmentRecord[] = [];
  let offset = 0;
  let crc = 0;
  let size = 0;
  let reused = 0;
  const write = (b: Buffer): void => {
    out.write(b);
    offset += b.length;
  };
  try {
    write(gzipHeader(LEVEL));
    for (const part of parts) {
      const old = part.key ? byKey.get(part.key) : undefined;
      let piece: { size: number; crc: number; length: number };
      if (old && options.previous) {
        await copyRange(options.previous, old.offset, old.length, out);
        piece = { size: old.size, crc: old.crc, length: old.length };
        reused++;
      } else {
        piece = await compressPart(options.tar, options.contentsDir, part, out, options.env);
      }
      if (part.key) records.push({ name: part.entries[0]?.name ?? '', key: part.key, offset, length: piece.length, size: piece.size, crc: piece.crc });
      offset += piece.length;
      crc = crc32Combine(crc, piece.crc, piece.size);
      size += piece.size;
    }
    const eoa = Buffer.alloc(END_OF_ARCHIVE);
    write(deflateRawSync(eoa, { level: LEVEL, finishFlush: constants.Z_SYNC_FLUSH }));
    crc = crc32Combine(crc, crc32(eoa), eoa.length);
    size += eoa.length;
    write(DEFLATE_END);
    write(gzipTrailer(crc, size));
    out.end();
    await closed;
    await rename(partial, options.output);
  } catch (error) {
    out.destroy();
    await closed.catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
  const index: SegmentIndex = { format: FORMAT, level: LEVEL, segments: records };
  await writeFile(segmentIndexPath(options.output), `${JSON.stringify(index)}\n`);
  return { reused, compressed: parts.length - reused };
}
