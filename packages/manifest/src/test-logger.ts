import { Writable } from 'node:stream';
import { createLogger } from '@bpkit/log';
import type { Logger } from '@bpkit/log';

/** A real Logger writing into memory, for tests. */
export function bufferLogger(env: Record<string, string> = {}): { log: Logger; output: () => string } {
  const chunks: string[] = [];
  const stdout = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger({ stdout, env }), output: () => chunks.join('') };
}
