import { describe, expect, it } from 'vitest';
import { findMatchingVersion, parseVersion } from './find-matching-version.ts';

const versions = ['1.21.9', '1.22.1', '1.22.10', '1.22.3', '1.23.0', '2.0.0-rc.1'];

describe('findMatchingVersion', () => {
  it.each([
    ['1.22.x', '1.22.10'],
    ['1.x', '1.23.0'],
    ['^1.21.0', '1.23.0'],
    ['~1.22.0', '1.22.10'],
    ['>=1.22', '1.23.0'],
    ['<1.22', '1.21.9'],
    ['>=1.22.1 <1.22.5', '1.22.3'],
    ['>= 1.22.1, < 1.22.5', '1.22.3'],
    ['1.22.1 - 1.22.4', '1.22.3'],
    ['1.22.3', '1.22.3'],
    ['latest', '1.23.0'],
    ['2.0.0-rc.1', '2.0.0-rc.1'],
  ])('%s → %s', (constraint, expected) => {
    expect(findMatchingVersion(constraint, versions)).toBe(expected);
  });

  it('keeps the manifest spelling of loose versions and compares them numerically', () => {
    expect(findMatchingVersion('x', ['9', '80', '79'])).toBe('80');
    expect(findMatchingVersion('1.10.x', ['1.9', '1.10', '1.10.2'])).toBe('1.10.2');
    expect(parseVersion('1.22')?.version).toBe('1.22.0');
  });

  it('fails with libbuildpack text', () => {
    expect(() => findMatchingVersion('99.99.99', ['1.22.1', '1.23.0'])).toThrow('no match found for 99.99.99 in [1.22.1 1.23.0]');
    expect(() => findMatchingVersion('2.x.x', [])).toThrow('no match found for 2.x.x in []');
    expect(() => findMatchingVersion('not a range!', ['1.0.0'])).toThrow('no match found for not a range! in [1.0.0]');
  });
});
