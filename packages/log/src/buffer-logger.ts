import { Writable } from 'node:stream';
import { type Logger, createLogger } from './logger.ts';

/**
 * A real Logger (same formats, same BP_DEBUG gating) writing into memory: for buildpack and package tests
 * that assert on CF's log lines.
 */
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
