import { describe, expect, it } from 'vitest';
import { versionLineRange } from './version-line-range.ts';

describe('versionLineRange', () => {
  it.each([
    ['1.22', '1.22.x'],
    ['1', '1.x.x'],
    ['20.x', '20.x.x'],
    ['20.*', '20.*.x'],
    ['1.22.x', '1.22.x'],
    ['3.2.4', '3.2.4'],
  ])('%s → %s', (version, range) => {
    expect(versionLineRange(version)).toBe(range);
  });
});
