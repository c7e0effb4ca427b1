import { describe, expect, it } from 'vitest';
import { IgnoreMatcher } from './cfignore.ts';

describe('IgnoreMatcher', () => {
  it('always ignores CF\'s list, wherever it appears', () => {
    const m = new IgnoreMatcher();
    for (const p of ['.git', '.cfignore', 'manifest.yml', 'manifest.yaml', '.DS_Store', 'sub/.svn', '_darcs', '.gitignore', '.hg']) {
      expect(m.ignores(p, p.endsWith('.git') || p.endsWith('.svn'))).toBe(true);
    }
    expect(m.ignores('.git/config', false)).toBe(true);
    expect(m.ignores('app', false)).toBe(false);
    expect(m.ignores('Procfile', false)).toBe(false);
  });

  it('applies gitignore semantics: globs, anchors, dir-only, ** and negation', () => {
    const m = new IgnoreMatcher(['# comment', '*.log', '/tmp', 'build/', 'docs/**/*.md', '!keep.log', 'a?c'].join('\n'));
    expect(m.ignores('debug.log', false)).toBe(true);
    expect(m.ignores('sub/deep/x.log', false)).toBe(true);
    expect(m.ignores('keep.log', false)).toBe(false);
    expect(m.ignores('tmp', true)).toBe(true);
    expect(m.ignores('sub/tmp', true)).toBe(false);
    expect(m.ignores('build', true)).toBe(true);
    expect(m.ignores('build/out.bin', false)).toBe(true);
    expect(m.ignores('build', false)).toBe(false);
    expect(m.ignores('docs/a/b/c.md', false)).toBe(true);
    expect(m.ignores('docs/c.md', false)).toBe(true);
    expect(m.ignores('abc', false)).toBe(true);
    expect(m.ignores('abbc', false)).toBe(false);
    expect(m.ignores('# comment', false)).toBe(false);
  });
});
