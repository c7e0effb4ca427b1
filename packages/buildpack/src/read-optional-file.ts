import { readFile } from 'node:fs/promises';

/** An app file that may be absent (`.nvmrc`, `go.mod`, a Gemfile), as text; undefined when it can't be read. */
export function readOptionalFile(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined);
}
