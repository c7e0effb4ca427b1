import { createHash } from 'node:crypto';

/** Hex sha256 of what a cache key is made from (a lockfile's bytes, the fields of a signature). */
export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
