import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { integrityHashes, sha256Hex } from './integrity-hashes.ts';

describe('integrity hashes', () => {
  const data = 'a package tarball';
  const hex = (alg: string) => createHash(alg).update(data).digest('hex');
  const sri = (alg: string) => `${alg}-${createHash(alg).update(data).digest('base64')}`;

  it('decodes SRI strings, several algorithms, sorted', () => {
    expect(integrityHashes(`${sri('sha512')} ${sri('sha1')}`)).toEqual([
      { alg: 'SHA-1', content: hex('sha1') },
      { alg: 'SHA-512', content: hex('sha512') },
    ]);
  });

  it("reads Bundler's sha256=hex", () => {
    expect(integrityHashes(`sha256=${hex('sha256').toUpperCase()}`)).toEqual([{ alg: 'SHA-256', content: hex('sha256') }]);
  });

  it("gives none for go.sum's h1:, berry's cache checksum, or a digest of the wrong length", () => {
    expect(integrityHashes('h1:TuBL49tXwgrFYWhqrNgrUNEY92u81SPhu7sTdzQEiWY=')).toEqual([]);
    expect(integrityHashes(`10c0/${hex('sha512')}`)).toEqual([]);
    expect(integrityHashes('sha512-AAAA')).toEqual([]);
    expect(integrityHashes(undefined)).toEqual([]);
  });

  it('accepts only a 64-digit hex as a sha256', () => {
    expect(sha256Hex(hex('sha256').toUpperCase())).toBe(hex('sha256'));
    expect(sha256Hex('not-a-hash')).toBeUndefined();
  });
});
