import { describe, expect, it } from 'vitest';
import { parseGoWork } from './go-work.ts';

describe('parseGoWork', () => {
  it('reads go, toolchain and every use, single-line and in blocks, skipping comments and other blocks', () => {
    const text = [
      '// the monorepo',
      'go 1.22.1',
      'toolchain go1.23.4',
      '',
      'use (',
      '\t./app // the service',
      '\t"./lib"',
      ')',
      'use ./tool',
      'replace (',
      '\texample.com/x => ./x',
      ')',
      'replace example.com/y => ./y',
    ].join('\n');
    expect(parseGoWork(text)).toEqual({ go: '1.22.1', toolchain: '1.23.4', use: ['./app', './lib', './tool'] });
  });

  it('a go.work with no directives uses nothing', () => {
    expect(parseGoWork('')).toEqual({ use: [] });
  });

  it('reads `use .` for a root module', () => {
    expect(parseGoWork('go 1.19\nuse .\n').use).toEqual(['.']);
  });
});
