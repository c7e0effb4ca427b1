import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import { INDENT } from './indent.ts';
import { redact } from './redact.ts';

// A child that prints a partial line and then works for a while ("Downloading... ") should
// still be seen; after this quiet period the partial line is written out.
const PARTIAL_LINE_DELAY_MS = 100;

/**
 * Indents a child's output line by line. Whole lines are held until their newline so a URL
 * split across chunks is still redacted; a trailing partial line is written after a short pause,
 * when the stream ends, or when the logger is about to print something else (`settle`).
 */
export class IndentedWriter extends Writable {
  readonly #out: Writable;
  readonly #decoder = new StringDecoder('utf8');
  #pending = '';
  #atLineStart = true;
  #timer: NodeJS.Timeout | undefined;
  readonly #onDone: (w: IndentedWriter) => void;

  constructor(out: Writable, onDone: (w: IndentedWriter) => void) {
    super({ decodeStrings: true });
    this.#out = out;
    this.#onDone = onDone;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#take(this.#decoder.write(chunk));
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#take(this.#decoder.end());
    this.settle();
    this.#onDone(this);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#clearTimer();
    this.#onDone(this);
    callback(error);
  }

  /** Writes out any held partial line and ends it, so the next log message starts on its own line. */
  settle(): void {
    this.#flushPartial();
    if (!this.#atLineStart) {
      this.#out.write('\n');
      this.#atLineStart = true;
    }
  }

  #take(text: string): void {
    if (text === '') return;
    this.#pending += text;
    const lastNewline = this.#pending.lastIndexOf('\n');
    if (lastNewline >= 0) {
      const complete = this.#pending.slice(0, lastNewline + 1);
      this.#pending = this.#pending.slice(lastNewline + 1);
      this.#emit(complete);
    }
    this.#clearTimer();
    if (this.#pending !== '') {
      this.#timer = setTimeout(() => this.#flushPartial(), PARTIAL_LINE_DELAY_MS);
      this.#timer.unref();
    }
  }

  #flushPartial(): void {
    this.#clearTimer();
    if (this.#pending === '') return;
    const partial = this.#pending;
    this.#pending = '';
    this.#emit(partial);
  }

  #emit(text: string): void {
    const lines = redact(text).split('\n');
    let out = '';
    lines.forEach((line, i) => {
      const last = i === lines.length - 1;
      if (last && line === '') return;
      if (this.#atLineStart) out += INDENT;
      out += line;
      if (!last) {
        out += '\n';
        this.#atLineStart = true;
      } else {
        this.#atLineStart = false;
      }
    });
    if (out !== '') this.#out.write(out);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }
}
