import { Transform, type TransformCallback } from 'node:stream';

/** cf logs' timestamp: 2026-11-21T20:50:00.00+0000 */
export function cfTimestamp(date = new Date()): string {
  const iso = date.toISOString(); // 2026-11-21T20:50:00.123Z
  return `${iso.slice(0, 19)}.${iso.slice(20, 22)}+0000`;
}

/**
 * Prefixes each line as `cf push` / `cf logs` show it: staging output indented three spaces, app output as
 * `   <time> [APP/PROC/WEB/0] OUT <line>`.
 */
export class LogLinePrefixer extends Transform {
  private pending = '';

  constructor(private readonly prefix: () => string) {
    super();
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, done: TransformCallback): void {
    const text = this.pending + chunk.toString();
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    if (lines.length > 0) this.push(lines.map((l) => `${this.prefix()}${l}\n`).join(''));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.pending !== '') this.push(`${this.prefix()}${this.pending}\n`);
    this.pending = '';
    done();
  }
}

export function stagingLog(): LogLinePrefixer {
  return new LogLinePrefixer(() => '   ');
}

export function appLog(source: string, stream: 'OUT' | 'ERR'): LogLinePrefixer {
  return new LogLinePrefixer(() => `   ${cfTimestamp()} [${source}] ${stream} `);
}
