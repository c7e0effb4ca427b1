import { describe, expect, it } from 'vitest';
import { goVersionParts, parseGoMod } from './go-mod.ts';

describe('parseGoMod', () => {
  it('reads module, go and toolchain, ignoring comments and blocks', () => {
    const text = [
      '// a comment',
      'module example.com/app // trailing',
      '',
      'go 1.22.1',
      'toolchain go1.23.4',
      'require (',
      '\texample.com/dep v1.0.0',
      ')',
    ].join('\n');
    expect(parseGoMod(text)).toEqual({ module: 'example.com/app', go: '1.22.1', toolchain: '1.23.4' });
  });

  it('unquotes a quoted module path', () => {
    expect(parseGoMod('module "example.com/q"\n').module).toBe('example.com/q');
  });

  it('returns nothing for an empty file', () => {
    expect(parseGoMod('')).toEqual({});
  });
});

describe('goVersionParts', () => {
  it.each([
    ['1.19', [1, 19, 0]],
    ['1.21.0', [1, 21, 0]],
    ['go1.22.3', [1, 22, 3]],
    ['1.21rc2', [1, 21, 0]],
  ])('%s', (v, parts) => {
    expect(goVersionParts(v)).toEqual(parts);
  });

  it('rejects what is not a Go version', () => {
    expect(goVersionParts('latest')).toBeUndefined();
  });
});
