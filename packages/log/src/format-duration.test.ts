import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration.ts';

describe('formatDuration', () => {
  it('prints durations as Go does', () => {
    expect(formatDuration(500)).toBe('500ms');
    expect(formatDuration(1000)).toBe('1s');
    expect(formatDuration(2500)).toBe('2.5s');
    expect(formatDuration(64_000)).toBe('1m4s');
  });
});
