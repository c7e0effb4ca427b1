// .cfignore with gitignore semantics, as the cf CLI applies it (actor/sharedaction/resource.go):
// only <appdir>/.cfignore is read, and a fixed list is always ignored.
export const ALWAYS_IGNORED = [
  '.cfignore',
  '.DS_Store',
  '.git',
  '.gitignore',
  '.hg',
  '.svn',
  '_darcs',
  'manifest.yml',
  'manifest.yaml',
];

interface Pattern {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

function globToRegex(glob: string, anchored: boolean): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // "**/" matches any number of directories, a trailing "**" matches everything below.
        if (glob[i + 2] === '/') {
          re += '(?:.*/)?';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) {
        re += '\\[';
      } else {
        let cls = glob.slice(i + 1, end);
        if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
        re += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      re += `\\${glob[++i]}`;
    } else {
      re += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
  }
  // A match on a directory also covers everything inside it.
  return new RegExp(`${anchored ? '^' : '^(?:.*/)?'}${re}(?:/.*)?$`);
}

export function parseIgnoreFile(text: string): Pattern[] {
  const patterns: Pattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    }
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.slice(0, -1);
    }
    // A pattern with a slash anywhere but the end is relative to the .cfignore's directory.
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    patterns.push({ regex: globToRegex(line, anchored), negate, dirOnly });
  }
  return patterns;
}

export class IgnoreMatcher {
  private readonly patterns: Pattern[];

  constructor(cfignoreText = '') {
    this.patterns = [...parseIgnoreFile(ALWAYS_IGNORED.join('\n')), ...parseIgnoreFile(cfignoreText)];
  }

  /** `path` is relative to the app root, with forward slashes. */
  ignores(path: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const p of this.patterns) {
      if (p.dirOnly && !isDirectory && !this.matchesParent(p, path)) continue;
      if (p.regex.test(path)) ignored = !p.negate;
    }
    return ignored;
  }

  private matchesParent(p: Pattern, path: string): boolean {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (p.regex.test(parts.slice(0, i).join('/'))) return true;
    }
    return false;
  }
}
