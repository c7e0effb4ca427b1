import { availableParallelism } from 'node:os';
import { Transform, type TransformCallback } from 'node:stream';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

const deflateRaw = promisify(zlib.deflateRaw) as (input: Buffer, options: zlib.ZlibOptions) => Promise<Buffer>;
const WINDOW = 32 * 1024;

export interface ParallelGzipOptions {
  level?: number;
  /** Input bytes per block compressed on its own thread. */
  blockSize?: number;
  /** Blocks compressed at once (the libuv thread pool runs them). */
  concurrency?: number;
}

/** zlib.crc32 arrived in Node 20.15; without it there is no parallel gzip. */
export const parallelGzipAvailable = typeof (zlib as { crc32?: unknown }).crc32 === 'function';

/**
 * gzip on every core, as pigz does: the input is cut into blocks, each deflated on the thread pool with the
 * previous block's last 32 KiB as its dictionary and ended with a sync flush, so the pieces join into one
 * ordinary deflate stream. The output is a single gzip member any gunzip reads; compression is within a
 * fraction of a percent of a single-threaded stream at the same level.
 */
export class ParallelGzip extends Transform {
  private readonly level: number;
  private readonly blockSize: number;
  private readonly concurrency: number;
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** A full block held back until it is known whether more input follows (the last block is finished, not flushed). */
  private held: Buffer | undefined;
  private dictionary: Buffer | undefined;
  private readonly inFlight: Promise<Buffer>[] = [];
  private crc = 0;
  private size = 0;

  constructor(options: ParallelGzipOptions = {}) {
    super();
    this.level = options.level ?? zlib.constants.Z_DEFAULT_COMPRESSION;
    this.blockSize = options.blockSize ?? 1 << 20;
    this.concurrency = options.concurrency ?? Math.max(1, availableParallelism());
    const xfl = this.level === 1 ? 4 : this.level === 9 ? 2 : 0;
    this.push(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3]));
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
      const block = all.subarray(0, this.blockSize);
      const rest = all.subarray(this.blockSize);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingLength = rest.length;
      if (this.held) await this.submit(this.held, false);
      this.held = block;
    }
  }

  private async finish(): Promise<void> {
    const rest = Buffer.concat(this.pending, this.pendingLength);
    if (this.held && rest.length > 0) {
      await this.submit(this.held, false);
      await this.submit(rest, true);
    } else {
      await this.submit(this.held ?? rest, true);
    }
    while (this.inFlight.length > 0) await this.emitOldest();
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(this.crc >>> 0, 0);
    trailer.writeUInt32LE(this.size % 2 ** 32, 4);
    this.push(trailer);
  }

  private async submit(block: Buffer, last: boolean): Promise<void> {
    const options: zlib.ZlibOptions = {
      level: this.level,
      finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
      ...(this.dictionary ? { dictionary: this.dictionary } : {}),
    };
    this.dictionary = block.length >= WINDOW ? block.subarray(block.length - WINDOW) : Buffer.concat([this.dictionary ?? Buffer.alloc(0), block]).subarray(-WINDOW);
    this.inFlight.push(deflateRaw(block, options));
    while (this.inFlight.length > this.concurrency) await this.emitOldest();
  }

  private async emitOldest(): Promise<void> {
    const oldest = this.inFlight.shift();
    if (oldest) this.push(await oldest);
  }
}
