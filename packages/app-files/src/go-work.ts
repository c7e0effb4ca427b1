import { goModDirectives } from './go-mod-line.ts';

/** What go.work says: its `go` / `toolchain` directives and the modules it uses. */
export interface GoWork {
  /** The `go` directive as written (`1.22`, `1.22.0`). */
  go?: string;
  /** The `toolchain` directive without its `go` prefix. */
  toolchain?: string;
  /** The `use` directives' directories, as written and in order (`./app`, `.`). */
  use: string[];
}

/** go.work shares go.mod's syntax: `use` comes as single lines or `use ( … )` blocks; other directives are skipped. */
export function parseGoWork(text: string): GoWork {
  const work: GoWork = { use: [] };
  for (const { verb, args } of goModDirectives(text)) {
    const [first] = args;
    if (first === undefined) continue;
    if (verb === 'use') work.use.push(first);
    else if (verb === 'go') work.go ??= first;
    else if (verb === 'toolchain') work.toolchain ??= first.replace(/^go/, '');
  }
  return work;
}
