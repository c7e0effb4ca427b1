/** What the buildpack needs from go.mod: the module path and the `go` / `toolchain` directives. */
export interface GoMod {
  module?: string;
  /** The `go` directive as written (`1.19`, `1.21.0`, `1.21rc1`). */
  go?: string;
  /** The `toolchain` directive without its `go` prefix (`1.21.3`). */
  toolchain?: string;
}

/**
 * Reads go.mod directives line by line: a full module-file parser is not needed for three
 * single-line directives, and `go list -m` would need the toolchain installed first.
 */
export function parseGoMod(text: string): GoMod {
  const mod: GoMod = {};
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const m = /^(module|go|toolchain)\s+(.+)$/.exec(line);
    if (!m) continue;
    const value = unquote(m[2]!.trim());
    if (m[1] === 'module') mod.module ??= value;
    else if (m[1] === 'go') mod.go ??= value;
    else mod.toolchain ??= value.replace(/^go/, '');
  }
  return mod;
}

/** A go.mod or go.work value as Go's modfile lexer reads it: "quoted" and `raw` strings unquoted. */
export function unquote(value: string): string {
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) return JSON.parse(value) as string;
  if (value.startsWith('`') && value.endsWith('`') && value.length >= 2) return value.slice(1, -1);
  return value;
}

/** Go's version strings (`1.19`, `1.21.0`, `1.21rc1`, `go1.22`) as `[major, minor, patch]`; undefined if not one. */
export function goVersionParts(version: string): [number, number, number] | undefined {
  const m = /^(?:go)?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(?:rc|beta)\d+)?$/.exec(version.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}
