// zlib's crc32_combine (Mark Adler's GF(2) matrix method), which Node does not expose: the CRC-32 of A‖B from
// crc(A), crc(B) and len(B), so independently compressed pieces of a gzip stream need not be read again.

const POLY = 0xedb88320;

function times(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let i = 0; vector !== 0; i++, vector >>>= 1) if (vector & 1) sum ^= matrix[i] as number;
  return sum >>> 0;
}

function square(out: Uint32Array, matrix: Uint32Array): void {
  for (let n = 0; n < 32; n++) out[n] = times(matrix, matrix[n] as number);
}

export function crc32Combine(crc1: number, crc2: number, len2: number): number {
  if (len2 <= 0) return crc1 >>> 0;
  const odd = new Uint32Array(32);
  const even = new Uint32Array(32);
  // The operator for one zero bit, then two, then four.
  odd[0] = POLY;
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row >>> 0;
  square(even, odd);
  square(odd, even);
  let crc = crc1 >>> 0;
  let len = len2;
  // Apply len2 zero bytes to crc1, one bit of len2 at a time (the first squaring gives the 1-byte operator).
  do {
    square(even, odd);
    if (len % 2) crc = times(even, crc);
    len = Math.floor(len / 2);
    if (len === 0) break;
    square(odd, even);
    if (len % 2) crc = times(odd, crc);
    len = Math.floor(len / 2);
  } while (len !== 0);
  return (crc ^ crc2) >>> 0;
}
