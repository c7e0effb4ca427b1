import { describe, expect, it } from 'vitest';
import { displayCommand } from './display-command.ts';

describe('displayCommand', () => {
  it('quotes arguments with spaces, as the Running: line shows -ldflags', () => {
    expect(displayCommand(['go', 'install', '-ldflags', '-X a=b -X c=d', '.'])).toBe('go install -ldflags "-X a=b -X c=d" .');
  });
});
