import { Writable } from 'node:stream';

/** A Writable that keeps everything written to it, for byte-for-byte assertions. */
export class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    this.text += chunk.toString('utf8');
    cb();
  }
}
