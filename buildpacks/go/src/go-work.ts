import { unquote } from './go-mod.ts';

/** What the buildpack needs from go.work: the `go` / `toolchain` directives and the modules it uses. */
export interface GoWork {
  /** The `go` directive as written (`1.22`, `1.22.0`). */
  go?: string;
  /** The `toolchain` directive without its `go` prefix. */
  toolchain?: string;
  /** The `use` directives' directories, as written and in order (`./app`, `.`). */
  use: string[];
}

/**
 * Reads go.work line by line. It shares go.mod's syntax, so `use` comes as single lines or
 * `use ( … )` blocks; other blocks (`replace ( … )`) are skipped whole.
 */
export function parseGoWork(text: string): GoWork {
  const work: GoWork = { use: [] };
  let block: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (block !== undefined) {
      if (line === ')') block = undefined;
      else if (block === 'use') work.use.push(unquote(line));
      continue;
    }
    const opens = /^(\w+)\s*\($/.exec(line);
    if (opens) {
      block = opens[1];
      continue;
    }
    const m = /^(go|toolchain|use)\s+(.+)$/.exec(line);
    if (!m) continue;
    const value = unquote(m[2]!.trim());
    if (m[1] === 'use') work.use.push(value);
    else if (m[1] === 'go') work.go ??= value;
    else work.toolchain ??= value.replace(/^go/, '');
  }
  return work;
}
