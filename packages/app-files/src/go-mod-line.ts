/** A Go interpreted string literal: its escapes are JSON's for anything a module path holds; else its text as is. */
function unquote(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

/**
 * A go.mod or go.work line as Go's modfile lexer sees it: bare words, "quoted" and `raw` strings, then a `//`
 * comment. Both files share the syntax, so both parsers read lines through this one.
 */
export function goModLine(line: string): { words: string[]; comment: string } {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (line.startsWith('//', i)) {
      return { words, comment: line.slice(i + 2).trim() };
    } else if (c === '"') {
      let end = i + 1;
      while (end < line.length && line[end] !== '"') end += line[end] === '\\' ? 2 : 1;
      words.push(unquote(line.slice(i, end + 1)));
      i = end + 1;
    } else if (c === '`') {
      const end = line.indexOf('`', i + 1);
      words.push(line.slice(i + 1, end < 0 ? line.length : end));
      i = end < 0 ? line.length : end + 1;
    } else {
      let end = i;
      while (end < line.length && !/\s/.test(line[end] as string) && !line.startsWith('//', end)) end++;
      words.push(line.slice(i, end));
      i = end;
    }
  }
  return { words, comment: '' };
}

/** A directive with its arguments, a `verb ( … )` block's lines coming as that verb's. */
export interface GoModDirective {
  verb: string;
  args: string[];
  comment: string;
}

/** Every directive of a go.mod or go.work, in order, with blocks unfolded. */
export function goModDirectives(text: string): GoModDirective[] {
  const directives: GoModDirective[] = [];
  let block: string | undefined;
  for (const line of text.split('\n')) {
    const { words, comment } = goModLine(line);
    if (!words.length) continue;
    if (block !== undefined && words[0] === ')') {
      block = undefined;
    } else if (block === undefined && words[1] === '(' && words.length === 2) {
      block = words[0];
    } else if (block !== undefined) {
      directives.push({ verb: block, args: words, comment });
    } else {
      directives.push({ verb: words[0] as string, args: words.slice(1), comment });
    }
  }
  return directives;
}
