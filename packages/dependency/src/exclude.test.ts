import { describe, expect, it } from 'vitest';
import { excludeRules, pathParts } from './exclude.ts';

describe('excludeRules', () => {
  const rules = excludeRules(['testdata', '*_test.go', 'go/test']);
  const excluded = (path: string, strip = 0): boolean => rules.excludes(pathParts(path), strip);

  it('matches a component anywhere, and what is under it', () => {
    expect(excluded('go/src/a/testdata')).toBe(true);
    expect(excluded('go/src/a/testdata/x/y.txt')).toBe(true);
    expect(excluded('go/src/a/testdatax/y.txt')).toBe(false);
    expect(excluded('go/src/a/b_test.go')).toBe(true);
    expect(excluded('go/src/a/b_test.go.txt')).toBe(false);
    expect(excluded('./go/src/a/b.go')).toBe(false);
  });

  it('anchors patterns with a slash at the root, after strip', () => {
    expect(excluded('go/test')).toBe(true);
    expect(excluded('go/test/fixedbugs/x.go')).toBe(true);
    expect(excluded('go/src/go/test/x.go')).toBe(false);
    expect(excluded('top/go/test/x.go', 1)).toBe(true);
    expect(excluded('go/test/x.go', 1)).toBe(false);
  });

  it('keeps * and ? inside one component', () => {
    const r = excludeRules(['a*b', 'x?z']);
    expect(r.excludes(pathParts('p/a/q/b'), 0)).toBe(false);
    expect(r.excludes(pathParts('p/aqqb/f'), 0)).toBe(true);
    expect(r.excludes(pathParts('p/xyz'), 0)).toBe(true);
    expect(r.excludes(pathParts('p/x/z'), 0)).toBe(false);
  });

  it('refuses patterns the extractors could read differently', () => {
    for (const bad of ['', '/abs', 'a/../b', 'a//b', '[ab]', 'a\\b', './a']) expect(() => excludeRules([bad])).toThrow(/invalid exclude pattern/);
  });

  it('says the same to GNU tar', () => {
    expect(rules.tarArgs(1)).toEqual([
      '--wildcards',
      '--no-wildcards-match-slash',
      '--no-anchored',
      '--exclude=testdata',
      '--exclude=*_test.go',
      '--anchored',
      '--exclude=*/go/test',
    ]);
    expect(excludeRules([]).tarArgs(0)).toEqual([]);
  });
});
