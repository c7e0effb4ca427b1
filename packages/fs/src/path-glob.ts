const escape = (s: string): string => s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');

/**
 * The RegExp source (no anchors) for a `/`-separated path glob, as gitignore and the package managers read one:
 * `*` and `?` within a path component, `**​/` any number of directories (none too), a trailing `**` anything
 * below, `[abc]` / `[!abc]` a class, `\x` a literal x, and with `braces` `{a,b}` either literal alternative.
 * Callers add the anchors their format needs.
 */
export function pathGlobSource(glob: string, options: { braces?: boolean } = {}): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[' && glob.indexOf(']', i + 1) !== -1) {
      const end = glob.indexOf(']', i + 1);
      const cls = glob.slice(i + 1, end);
      re += `[${cls.startsWith('!') ? `^${cls.slice(1)}` : cls}]`.replace(/\\/g, '\\\\');
      i = end;
    } else if (c === '{' && options.braces && glob.indexOf('}', i) !== -1) {
      const end = glob.indexOf('}', i);
      re += `(?:${glob.slice(i + 1, end).split(',').map(escape).join('|')})`;
      i = end;
    } else if (c === '\\' && i + 1 < glob.length) {
      re += escape(glob[++i] as string);
    } else {
      re += escape(c);
    }
  }
  return re;
}
