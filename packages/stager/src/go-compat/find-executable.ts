// exec.LookPath for the tools BAL shells out to (tar, cp). The builder's own PATH comes first; the
// platform may hand the builder a minimal stack PATH, so the stager's PATH is a fallback.

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function findExecutable(name: string, paths: ReadonlyArray<string | undefined>): string | undefined {
  for (const pathVar of paths) {
    for (const dir of (pathVar ?? '').split(delimiter)) {
      if (!dir) continue;
      const candidate = join(dir, name);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
