import { describe, expect, it } from 'vitest';
import { CRASH_RESET_MS, nextCrashCount, restartDelayMs } from './supervisor.ts';

describe("the supervisor's restart policy (Diego's)", () => {
  it('restarts at once three times, then waits 30 s doubling up to 16 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 10, 50].map(restartDelayMs)).toEqual([0, 0, 0, 30_000, 60_000, 120_000, 960_000, 960_000]);
    // As BBS: a crash after five minutes of running starts the count (and so the delays) again.
    expect(nextCrashCount(6, 1_000)).toBe(7);
    expect(nextCrashCount(6, undefined)).toBe(7);
    expect(nextCrashCount(6, CRASH_RESET_MS)).toBe(1);
  });
});
