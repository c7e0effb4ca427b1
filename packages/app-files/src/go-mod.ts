import { goModDirectives } from './go-mod-line.ts';

export interface GoModRequire {
  path: string;
  version: string;
  indirect: boolean;
}

export interface GoModReplace {
  path: string;
  /** Absent: every version of `path` is replaced. */
  version?: string;
  newPath: string;
  /** Absent: `newPath` is a directory (`../lib`), not a module version. */
  newVersion?: string;
}

export interface GoMod {
  module?: string;
  /** The `go` directive as written (`1.19`, `1.21.0`, `1.21rc1`). */
  go?: string;
  /** The `toolchain` directive without its `go` prefix (`1.21.3`). */
  toolchain?: string;
  requires: GoModRequire[];
  replaces: GoModReplace[];
}

/**
 * go.mod's directives the buildpacks and the SBOM need: module, go, toolchain, require and replace. Read as text:
 * `go list -m` would need the toolchain installed first.
 */
export function parseGoMod(text: string): GoMod {
  const mod: GoMod = { requires: [], replaces: [] };
  for (const { verb, args, comment } of goModDirectives(text)) {
    const [first] = args;
    if (first === undefined) continue;
    if (verb === 'module') mod.module ??= first;
    else if (verb === 'go') mod.go ??= first;
    else if (verb === 'toolchain') mod.toolchain ??= first.replace(/^go/, '');
    else if (verb === 'require' && args.length >= 2) {
      // `// indirect` may be followed by more comment text (`// indirect; see #123`).
      mod.requires.push({ path: first, version: args[1] as string, indirect: /^indirect\b/.test(comment) });
    } else if (verb === 'replace') {
      const arrow = args.indexOf('=>');
      if (arrow !== 1 && arrow !== 2) continue;
      const [path, version] = args.slice(0, arrow);
      const [newPath, newVersion] = args.slice(arrow + 1);
      if (!path || !newPath) continue;
      mod.replaces.push({ path, newPath, ...(version ? { version } : {}), ...(newVersion ? { newVersion } : {}) });
    }
  }
  return mod;
}
