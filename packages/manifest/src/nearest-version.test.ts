import { describe, expect, it } from 'vitest';
import { nearestVersion } from './nearest-version.ts';

const GO = ['1.21.13', '1.22.5', '1.23.4'];

describe('nearestVersion', () => {
  it('takes the newest when a minimum is above everything', () => {
    expect(nearestVersion('>=1.99.0', GO)).toBe('1.23.4');
    expect(nearestVersion('>=2', GO)).toBe('1.23.4');
  });

  it('takes the closest line for an exact or line request, the newer on a tie', () => {
    expect(nearestVersion('1.20.x', GO)).toBe('1.21.13');
    expect(nearestVersion('1.22.9', GO)).toBe('1.22.5');
    expect(nearestVersion('~3.2.0', ['3.1.6', '3.3.6'])).toBe('3.3.6');
    expect(nearestVersion('^18', ['20.19.5', '22.20.0', '24.9.0'])).toBe('20.19.5');
    expect(nearestVersion('go1.22', GO)).toBeUndefined();
  });

  it('has nothing to offer for an unreadable constraint or no versions', () => {
    expect(nearestVersion('not a version', GO)).toBeUndefined();
    expect(nearestVersion('1.22.x', [])).toBeUndefined();
    expect(nearestVersion('latest', GO)).toBeUndefined();
  });
});
