import { describe, expect, it } from 'vitest';
import { bundledWithMismatch, bundlerConstraint } from './bundler-version.ts';

describe('bundlerConstraint', () => {
  it.each([
    [undefined, '2.x.x'],
    ['2.4.10', '2.x.x'],
    ['1.17.3', '1.x.x'],
    ['4.0.1', '2.x.x'],
    ['10.0.0', '2.x.x'],
  ])('BUNDLED WITH %s → %s', (bundledWith, constraint) => {
    expect(bundlerConstraint(bundledWith)).toBe(constraint);
  });
});

describe('bundledWithMismatch', () => {
  it("warns in CF's words only for another Bundler 2", () => {
    expect(bundledWithMismatch('2.4.10', '2.3.7')).toBe(
      'Your Gemfile.lock was bundled with bundler 2.4.10, which is incompatible with the current bundler version (2.3.7).',
    );
    expect(bundledWithMismatch('2.3.7', '2.3.7')).toBeUndefined();
    expect(bundledWithMismatch(undefined, '2.3.7')).toBeUndefined();
    expect(bundledWithMismatch('1.17.3', '1.17.3')).toBeUndefined();
  });
});
