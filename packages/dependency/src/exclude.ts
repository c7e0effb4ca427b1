/**
 * Archive entries a caller leaves out of an install (a toolchain's own test suites, say), with the same
 * meaning for the stack's GNU tar and the JavaScript extractors:
 * - a pattern without `/` (`testdata`, `*_test.go`) matches any path component, and excludes what is under it;
 * - a pattern with `/` (`go/test`) is anchored at the archive's root after `strip`, and excludes what is under it.
 * `*` and `?` match within one component. Other glob syntax is refused, so both extractors agree.
 */
export interface ExcludeRules {
  readonly patterns: readonly string[];
  /** `rawParts`: the entry's path components before stripping. */
  excludes(rawParts: readonly string[], strip: number): boolean;
  /** The same rules as GNU tar options (its patterns see member names before stripping). */
  tarArgs(strip: number): string[];
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

export function excludeRules(patterns: readonly string[] = []): ExcludeRules {
  const anywhere: RegExp[] = [];
  const anchored: RegExp[][] = [];
  for (const pattern of patterns) {
    const parts = pattern.split('/');
    if (pattern === '' || pattern.startsWith('/') || /[[\]\\]/.test(pattern) || parts.some((p) => p === '' || p === '.' || p === '..')) {
      throw new Error(`invalid exclude pattern ${JSON.stringify(pattern)}: use path components with * and ? only`);
    }
    if (parts.length === 1) anywhere.push(globToRegExp(pattern));
    else anchored.push(parts.map(globToRegExp));
  }
  return {
    patterns,
    excludes(rawParts, strip) {
      if (rawParts.some((part) => anywhere.some((re) => re.test(part)))) return true;
      const kept = rawParts.slice(strip);
      return anchored.some((globs) => globs.length <= kept.length && globs.every((re, i) => re.test(kept[i] ?? '')));
    },
    tarArgs(strip) {
      if (patterns.length === 0) return [];
      const args = ['--wildcards', '--no-wildcards-match-slash', '--no-anchored'];
      for (const p of patterns) if (!p.includes('/')) args.push(`--exclude=${p}`);
      args.push('--anchored');
      for (const p of patterns) if (p.includes('/')) args.push(`--exclude=${'*/'.repeat(strip)}${p}`);
      return args;
    },
  };
}

/** Path components as the extractors see them (`./a//b` → `a`, `b`). */
export function pathParts(path: string): string[] {
  return path.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
}
