import { describe, expect, it } from 'vitest';
import { pathGlobSource } from './path-glob.ts';

const matches = (glob: string, path: string, braces = false): boolean => new RegExp(`^${pathGlobSource(glob, { braces })}$`).test(path);

describe('pathGlobSource', () => {
  it('reads *, ?, ** and classes as gitignore and the package managers do', () => {
    expect(matches('packages/*', 'packages/api')).toBe(true);
    expect(matches('packages/*', 'packages/api/sub')).toBe(false);
    expect(matches('a?c', 'abc')).toBe(true);
    expect(matches('a?c', 'a/c')).toBe(false);
    expect(matches('apps/**/svc', 'apps/svc')).toBe(true);
    expect(matches('apps/**/svc', 'apps/x/y/svc')).toBe(true);
    expect(matches('apps/**', 'apps/a/b')).toBe(true);
    expect(matches('log[0-9].txt', 'log7.txt')).toBe(true);
    expect(matches('log[!0-9].txt', 'log7.txt')).toBe(false);
    expect(matches('a.b', 'aXb')).toBe(false);
    expect(matches('\\*.md', '*.md')).toBe(true);
    expect(matches('\\*.md', 'x.md')).toBe(false);
  });

  it('takes {a,b} as alternatives only when asked (gitignore has no braces)', () => {
    expect(matches('{apps,libs}/*', 'libs/greeting', true)).toBe(true);
    expect(matches('{apps,libs}/*', 'libs/greeting')).toBe(false);
    expect(matches('{apps,libs}/*', '{apps,libs}/x')).toBe(true);
  });
});
