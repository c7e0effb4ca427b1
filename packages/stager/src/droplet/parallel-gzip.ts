import { availableParallelism } from 'node:os';
import { Transform, type TransformCallback } from 'node:stream';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

const deflateRaw = promisify(zlib.deflateRaw) as (input: Buffer, options: zlib.ZlibOptions) => Promise<Buffer>;
const WINDOW = 32 * 1024;

export interface ParallelDeflateOptions {
  level?: number;
  /** Input bytes per block compressed on its own thread. */
  blockSize?: number;
  /** Blocks compressed at once (the libuv thread pool runs them). */
  concurrency?: number;
}

/** zlib.crc32 arrived in Node 20.15; without it there is no parallel gzip. */
export const parallelGzipAvailable = typeof (zlib as { crc32?: unknown }).crc32 === 'function';

/** The final (empty, fixed-Huffman) deflate block that ends a stream of sync-flushed pieces. */
export const DEFLATE_END = Buffer.from([0x03, 0x00]);

export function gzipHeader(level: number): Buffer {
  const xfl = level === 1 ? 4 : level === 9 ? 2 : 0;
  return Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3]);
}

export function gzipTrailer(crc: number, size: number): Buffer {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size % 2 ** 32, 4);
  return trailer;
}

/**
 * Raw deflate on every core, as pigz does: the input is cut into blocks, each deflated on the thread pool with
 * the previous block's last 32 KiB as its dictionary and ended with a sync flush, so the pieces join into one
 * deflate stream. The output never ends the stream (no final block) and starts with no dictionary, so it can
 * be spliced between other such pieces; `crc` and `size` describe its input once it has finished.
 */
export class ParallelDeflateRaw extends Transform {
  readonly level: number;
  private readonly blockSize: number;
  private readonly concurrency: number;
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private dictionary: Buffer | undefined;
  private readonly inFlight: Promise<Buffer>[] = [];
  crc = 0;
  size = 0;

  constructor(options: ParallelDeflateOptions = {}) {
    super();
    this.level = options.level ?? zlib.constants.Z_DEFAULT_COMPRESSION;
    this.blockSize = options.blockSize ?? 1 << 20;
    this.concurrency = options.concurrency ?? Math.max(1, availableParallelism());
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.crc = zlib.crc32(chunk, this.crc);
    this.size += chunk.length;
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    this.drainFullBlocks().then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    this.finish().then(() => done(), done);
  }

  private async drainFullBlocks(): Promise<void> {
    while (this.pendingLength >= this.blockSize) {
      const all = Buffer.concat(this.pending, this.pendingLength);
      const rest = all.subarray(this.blockSize);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingLength = rest.length;
      await this.submit(all.subarray(0, this.blockSize));
    }
  }

  private async finish(): Promise<void> {
    if (this.pendingLength > 0) await this.submit(Buffer.concat(this.pending, this.pendingLength));
    while (this.inFlight.length > 0) await this.emitOldest();
  }

  private async submit(block: Buffer): Promise<void> {
    const options: zlib.ZlibOptions = {
      level: this.level,
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
      ...(this.dictionary ? { dictionary: this.dictionary } : {}),
    };
    this.dictionary =
      block.length >= WINDOW ? block.subarray(block.length - WINDOW) : Buffer.concat([this.dictionary ?? Buffer.alloc(0), block]).subarray(-WINDOW);
    this.inFlight.push(deflateRaw(block, options));
    while (this.inFlight.length > this.concurrency) await this.emitOldest();
  }

  private async emitOldest(): Promise<void> {
    const oldest = this.inFlight.shift();
    if (oldest) this.push(await oldest);
  }
}

/**
 * gzip on every core: ParallelDeflateRaw between a gzip header and the final block plus trailer. The output
 * is a single gzip member any gunzip reads; compression is within a fraction of a percent of a
 * single-threaded stream at the same level.
 */
export class ParallelGzip extends Transform {
  private readonly deflate: ParallelDeflateRaw;

  constructor(options: ParallelDeflateOptions = {}) {
    super();
    this.deflate = new ParallelDeflateRaw(options);
    this.deflate.on('data', (piece: Buffer) => this.push(piece));
    this.push(gzipHeader(this.deflate.level));
  }

  override _transform(chunk: Buffer, encoding: BufferEncoding, done: TransformCallback): void {
    this.deflate.write(chunk, encoding, (err) => done(err));
  }

  override _flush(done: TransformCallback): void {
    this.deflate.once('error', done);
    // 'end': every piece has been emitted (and pushed on), not just accepted.
    this.deflate.once('end', () => {
      this.push(DEFLATE_END);
      this.push(gzipTrailer(this.deflate.crc, this.deflate.size));
      done();
    });
    this.deflate.end();
  }
}
