import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ParallelGzip } from './parallel-gzip.ts';

async function compress(input: Buffer, options: ConstructorParameters<typeof ParallelGzip>[0], chunk = 7919): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < input.length; i += chunk) pieces.push(input.subarray(i, i + chunk));
  return buffer(Readable.from(pieces).pipe(new ParallelGzip(options)));
}

// Compressible but not trivial: text with repeats that cross block boundaries.
function sample(size: number): Buffer {
  const words = Array.from({ length: 500 }, () => randomBytes(6).toString('hex'));
  let text = '';
  while (text.length < size) text += `${words[Math.floor(Math.random() * words.length)]} `;
  return Buffer.from(text.slice(0, size));
}

const dir = await mkdtemp(join(tmpdir(), 'bpkit-pgzip-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('ParallelGzip', () => {
  it.each([
    ['empty input', 0, 1 << 16],
    ['less than one block', 1000, 1 << 16],
    ['exactly one block', 1 << 16, 1 << 16],
    ['exactly three blocks', 3 << 16, 1 << 16],
    ['many blocks and a tail', (9 << 16) + 12345, 1 << 16],
    ['blocks smaller than the window', 200_000, 4096],
  ])('round-trips %s as one gzip member', async (_name, size, blockSize) => {
    const input = sample(size);
    const gz = await compress(input, { level: 1, blockSize, concurrency: 3 });
    expect(gunzipSync(gz).equals(input)).toBe(true);
    // Single member: gzip -l / -t would reject a bad trailer (crc32, size).
    const file = join(dir, `case-${size}-${blockSize}.gz`);
    await writeFile(file, gz);
    expect(execFileSync('gzip', ['-t', file]).length).toBe(0);
    expect(execFileSync('gzip', ['-dc', file]).equals(input)).toBe(true);
  });

  it('compresses about as well as one zlib stream (dictionaries carry across blocks)', async () => {
    const input = sample(4 << 20);
    const parallel = await compress(input, { level: 1, blockSize: 1 << 18 }, 1 << 16);
    const single = gzipSync(input, { level: 1 });
    expect(parallel.length / single.length).toBeLessThan(1.01);
  });

  it('keeps binary data intact', async () => {
    const input = randomBytes(3 << 20);
    expect(gunzipSync(await compress(input, { level: 6 }, 1 << 16)).equals(input)).toBe(true);
  });
});
