import { describe, expect, it } from 'vitest';
import { buildpackDirName, cacheDirName, isAbsoluteUrl, legacyBuildpackDirName } from '../buildpack-bits/buildpack-dir.ts';
import { xxh64Hex } from './xxhash64.ts';

describe('xxh64', () => {
  it('matches the reference vectors', () => {
    expect(xxh64Hex('')).toBe('ef46db3751d8e999');
    expect(xxh64Hex('a')).toBe('d24ec4f1a98c6e5b');
    expect(xxh64Hex('abc')).toBe('44bc2cf5ad770999');
    expect(xxh64Hex('Nobody inspects the spammish repetition')).toBe('fbcea83c8a378bf1');
    // Checked against libxxhash 0.8.1: the 32-byte stripe loop, tails, and UTF-8 input.
    expect(xxh64Hex('x'.repeat(100))).toBe('92f0de5a88a3c094');
    expect(xxh64Hex('0123456789abcdef0123456789abcdef0')).toBe('e87684f08d6d0816');
    expect(xxh64Hex('héllo wörld ünïcode and a bit longer than 32 bytes')).toBe('60247e4df8567ab2');
  });

  it('names buildpack and cache dirs with 16 hex digits, legacy dirs with md5', () => {
    const key = 'https://github.com/cloudfoundry/go-buildpack.git#v1.2.3';
    expect(buildpackDirName(key)).toBe('24400e0c5104a9ce');
    expect(cacheDirName(key)).toBe('24400e0c5104a9ce');
    expect(legacyBuildpackDirName('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(isAbsoluteUrl(key)).toBe(true);
    expect(isAbsoluteUrl('0b1d_3f2e')).toBe(false);
  });
});
