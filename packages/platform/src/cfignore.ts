// .cfignore with gitignore semantics, as the cf CLI applies it (actor/sharedaction/resource.go):
// only <appdir>/.cfignore is read, and a fixed list is always ignored.
import { pathGlobSource } from '@bpkit/fs';

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
  // A match on a directory also covers everything inside it.
  return new RegExp(`${anchored ? '^' : '^(?:.*/)?'}${pathGlobSource(glob)}(?:/.*)?$`);
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
