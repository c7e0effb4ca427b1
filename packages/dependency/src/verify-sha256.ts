import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The dependency's bytes are not the ones the manifest pins. Never retried. */
export class Sha256MismatchError extends Error {
  override name = 'Sha256MismatchError';
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`dependency sha256 mismatch: expected sha256 ${expected}, actual sha256 ${actual}`);
  }
}

/** The check libbuildpack makes on every fetch of a dependency: `actual` must be the manifest's sha256 (any case). */
export function verifySha256(expected: string, actual: string): void {
  if (actual.toLowerCase() !== expected.toLowerCase()) throw new Sha256MismatchError(expected, actual);
}

export function sha256OfFile(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (b) => hash.update(b))
      .on('error', fail)
      .on('end', () => done(hash.digest('hex')));
  });
}
