import { describe, expect, it } from 'vitest';
import { convertToResult, mergeProcesses, processesFromMap } from './processes.ts';

describe('process merge', () => {
  it('replaces by type in place and appends new types', () => {
    const base = processesFromMap([['web', 'a'], ['worker', 'b']]);
    const merged = mergeProcesses(base, processesFromMap([['worker', 'B'], ['clock', 'c']]));
    expect(convertToResult(merged).processes).toEqual([
      { type: 'web', command: 'a' },
      { type: 'worker', command: 'B' },
      { type: 'clock', command: 'c' },
    ]);
  });
});
