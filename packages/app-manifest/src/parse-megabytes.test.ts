import { describe, expect, it } from 'vitest';
import { megabytesProblem, parseMegabytes } from './parse-megabytes.ts';

describe('parseMegabytes', () => {
  it.each([
    ['256M', 256],
    ['256m', 256],
    ['512MB', 512],
    ['1G', 1024],
    ['1gb', 1024],
    ['1.5G', 1536],
    ['2GiB', 2048],
    ['1T', 1024 * 1024],
    ['2048K', 2],
    ['1048576B', 1],
    ['64M ', 64],
  ])('%s is %d MB', (text, megabytes) => {
    expect(parseMegabytes(text)).toEqual({ megabytes });
  });

  it('words refusals as Cloud Controller does', () => {
    expect(megabytesProblem('Memory', parseMegabytes('1024'))).toBe('Memory must use a supported unit: B, K, KB, M, MB, G, GB, T, or TB');
    expect(megabytesProblem('Memory', parseMegabytes('1X'))).toBe('Memory must use a supported unit: B, K, KB, M, MB, G, GB, T, or TB');
    expect(megabytesProblem('Disk quota', parseMegabytes('lots'))).toBe('Disk quota is not a number');
    // CC looks for the leading number before it strips blanks.
    expect(megabytesProblem('Disk quota', parseMegabytes(' 64M'))).toBe('Disk quota is not a number');
    expect(megabytesProblem('Memory', parseMegabytes('512K'))).toBe('Memory must be greater than 0MB');
    expect(megabytesProblem('Memory', parseMegabytes('-1G'))).toBe('Memory must be greater than 0MB');
    expect(megabytesProblem('Memory', parseMegabytes('1G'))).toBeUndefined();
  });
});
