// Reads what the buildpack needs from a Gemfile without running Ruby: CF bootstraps a second Ruby just to evaluate
// the Gemfile with Bundler's DSL; the `ruby` directive is almost always literal, so a careful scan serves.

/** The Gemfile's `ruby` directive. */
export interface RubyDirective {
  /** Gem requirements as written: `["3.2.4"]`, `["~> 3.2"]`, `[">= 3.1", "< 3.3"]`. Empty with `file`. */
  requirements: string[];
  /** `file: ".ruby-version"` (also recognised in `File.read(".ruby-version")`), relative to the Gemfile. */
  file?: string;
  /** `engine: "jruby"` etc.; undefined means MRI. */
  engine?: string;
  /** The directive's text when its arguments are not literals we can read (e.g. `ruby RUBY_VERSION`). */
  dynamic?: string;
}

const STRING = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')/;

/** Drops a trailing `# comment` that is not inside a string literal. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

/** The `ruby` directive of a Gemfile, or undefined when it has none. */
export function parseRubyDirective(gemfile: string): RubyDirective | undefined {
  const lines = gemfile.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i] ?? '').trim();
    const m = /^ruby(?:\s+|\s*\(\s*)(.*)$/.exec(line);
    if (!m) continue;
    let args = m[1] ?? '';
    // A directive continued over several lines ends each unfinished line with a comma.
    while (/,\s*$/.test(args) && i + 1 < lines.length) args += ` ${stripComment(lines[++i] ?? '').trim()}`;
    return parseArguments(args.replace(/\)\s*$/, '').trim(), line);
  }
  return undefined;
}

function parseArguments(args: string, raw: string): RubyDirective {
  const directive: RubyDirective = { requirements: [] };
  let rest = args;
  while (rest.length) {
    const str = STRING.exec(rest);
    if (str) {
      directive.requirements.push(str[1] ?? str[2] ?? '');
      rest = rest.slice(str[0].length);
    } else {
      const option = /^(?::(\w+)\s*=>|(\w+):)\s*/.exec(rest);
      if (!option) break;
      rest = rest.slice(option[0].length);
      const value = STRING.exec(rest);
      if (!value) break;
      const key = option[1] ?? option[2];
      const text = value[1] ?? value[2] ?? '';
      if (key === 'file') directive.file = text;
      else if (key === 'engine') directive.engine = text;
      rest = rest.slice(value[0].length);
    }
    rest = rest.replace(/^\s*,\s*/, '');
  }
  if (rest.trim() !== '') {
    // `ruby File.read(".ruby-version").strip` and the like name the file in a literal.
    const file = /(?:File|IO)\.read\(\s*(?:File\.join\(\s*__dir__\s*,\s*)?["']([^"']*ruby-version)["']/.exec(rest);
    if (file?.[1] && directive.requirements.length === 0) return { requirements: [], file: file[1] };
    return { requirements: [], dynamic: raw };
  }
  if (directive.requirements.length === 0 && directive.file === undefined) return { requirements: [], dynamic: raw };
  return directive;
}

/** The Ruby version in a `.ruby-version` file: `3.2.4`, `ruby-3.2.4`, `3.2`; undefined for anything else. */
export function parseRubyVersionFile(text: string): string | undefined {
  const first = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  const m = /^(?:ruby-)?(\d+(?:\.\d+){0,2})(?:-p\d+)?$/.exec(first);
  return m?.[1];
}
