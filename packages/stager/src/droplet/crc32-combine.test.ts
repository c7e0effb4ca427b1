import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32Combine } from './crc32-combine.ts';

describe('crc32Combine', () => {
  it.each([0, 1, 2, 3, 7, 512, 65_537, 1_000_003])('equals the CRC-32 of the concatenation (second part %i bytes)', (len) => {
    const a = randomBytes(1234);
    const b = randomBytes(len);
    expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(Buffer.concat([a, b])));
  });

  it('chains over many pieces', () => {
    const pieces = Array.from({ length: 20 }, (_, i) => randomBytes(100 + i * 997));
    let crc = 0;
    for (const p of pieces) crc = crc32Combine(crc, crc32(p), p.length);
    expect(crc).toBe(crc32(Buffer.concat(pieces)));
  });
});
