// The Go modules an app builds with: go.mod's require directives with its replace directives applied (in a
// workspace, every used module's), the h1: hashes go.sum holds for them, and, when the app vendors, the modules
// vendor/modules.txt lists that go.mod does not (before Go 1.17 go.mod named only direct requirements).
import { join } from 'node:path';
import { readTextFile } from './read-text-file.ts';
import type { AppPackage } from './sbom-input.ts';

const GO_MOD = 'go.mod';
const GO_SUM = 'go.sum';
const VENDOR_MODULES = 'vendor/modules.txt';
const GO_WORK = 'go.work';
const GO_WORK_SUM = 'go.work.sum';

/** The files read at the app's root (a workspace's modules' own go.mod and go.sum as well). */
export const GO_MODULE_FILES = [GO_MOD, GO_SUM, VENDOR_MODULES, GO_WORK, GO_WORK_SUM] as const;

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
  requires: GoModRequire[];
  replaces: GoModReplace[];
}

/** A Go interpreted string literal: its escapes are JSON's for anything a module path holds; else its text as is. */
function unquote(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

/** A go.mod line as Go's modfile lexer sees it: bare words, "quoted" and `raw` strings, then a `//` comment. */
function lex(line: string): { words: string[]; comment: string } {
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

export function parseGoMod(text: string): GoMod {
  const mod: GoMod = { requires: [], replaces: [] };
  let block: string | undefined;
  for (const line of text.split('\n')) {
    const { words, comment } = lex(line);
    if (!words.length) continue;
    if (block !== undefined && words[0] === ')') {
      block = undefined;
      continue;
    }
    if (block === undefined && words[1] === '(' && words.length === 2) {
      block = words[0];
      continue;
    }
    const [verb, args] = block !== undefined ? [block, words] : [words[0], words.slice(1)];
    if (verb === 'module' && args[0]) {
      mod.module = args[0];
    } else if (verb === 'require' && args.length >= 2) {
      // `// indirect` may be followed by more comment text (`// indirect; see #123`).
      mod.requires.push({ path: args[0] as string, version: args[1] as string, indirect: /^indirect\b/.test(comment) });
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

/** go.sum's `h1:` hash of each module's zip, keyed `path version` (the `/go.mod` lines hash only its go.mod). */
export function parseGoSum(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [path, version, hash] = line.trim().split(/\s+/);
    if (path && version && hash && !version.endsWith('/go.mod')) sums.set(`${path} ${version}`, hash);
  }
  return sums;
}

export interface VendoredModule {
  path: string;
  version?: string;
  newPath?: string;
  newVersion?: string;
  /** Whether any of its packages is vendored: a module listed with none contributes no code to the build. */
  hasPackages: boolean;
}

/** vendor/modules.txt: `# path version [=> new [version]]` headers, `## explicit` notes, then one line per package. */
export function parseVendorModules(text: string): VendoredModule[] {
  const modules: VendoredModule[] = [];
  let current: VendoredModule | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('## ')) continue;
    if (line.startsWith('# ')) {
      const words = line.slice(2).trim().split(/\s+/);
      const arrow = words.indexOf('=>');
      const [path, version] = arrow < 0 ? words : words.slice(0, arrow);
      const [newPath, newVersion] = arrow < 0 ? [] : words.slice(arrow + 1);
      current = path ? { path, hasPackages: false, ...(version ? { version } : {}), ...(newPath ? { newPath } : {}), ...(newVersion ? { newVersion } : {}) } : undefined;
      if (current) modules.push(current);
    } else if (current) {
      current.hasPackages = true;
    }
  }
  return modules;
}

/**
 * The module a requirement resolves to once go.mod's replace directives apply: a version-specific replacement
 * wins over one for every version, as in Go. Undefined for a directory replacement: that code is the app's own,
 * with no module version to name.
 */
function resolveRequire(req: GoModRequire, replaces: GoModReplace[]): { path: string; version: string } | undefined {
  const replace = replaces.find((r) => r.path === req.path && r.version === req.version) ?? replaces.find((r) => r.path === req.path && !r.version);
  if (!replace) return { path: req.path, version: req.version };
  return replace.newVersion ? { path: replace.newPath, version: replace.newVersion } : undefined;
}

/** go.work's `use` directories (`use ./app`, `use ( ./a ./b )`), as written. */
export function parseGoWorkUses(text: string): string[] {
  const uses: string[] = [];
  let inBlock = false;
  for (const line of text.split('\n')) {
    const { words } = lex(line);
    if (!words.length) continue;
    if (inBlock) {
      if (words[0] === ')') inBlock = false;
      else uses.push(words[0] as string);
    } else if (words[0] === 'use') {
      if (words[1] === '(') inBlock = true;
      else if (words[1]) uses.push(words[1]);
    }
  }
  return uses;
}

/**
 * The modules an app builds with: go.mod's at the root, or, in a workspace (go.work), every used module's go.mod,
 * its go.sum and go.work.sum supplying hashes. Requirements on the workspace's own modules are the app's code.
 */
export async function readGoModules(appDir: string): Promise<AppPackage[]> {
  const goWork = await readTextFile(join(appDir, GO_WORK));
  const dirs = goWork === undefined ? ['.'] : parseGoWorkUses(goWork);
  const mods: Array<{ dir: string; mod: GoMod }> = [];
  const sums = new Map<string, string>(parseGoSum((await readTextFile(join(appDir, GO_WORK_SUM))) ?? ''));
  for (const dir of dirs) {
    const goMod = await readTextFile(join(appDir, dir, GO_MOD));
    if (goMod === undefined) continue;
    mods.push({ dir, mod: parseGoMod(goMod) });
    for (const [key, hash] of parseGoSum((await readTextFile(join(appDir, dir, GO_SUM))) ?? '')) sums.set(key, hash);
  }
  if (!mods.length) return [];
  const own = new Set(mods.map(({ mod }) => mod.module).filter((m) => m !== undefined));
  const packages = new Map<string, AppPackage>();
  const add = (path: string, version: string, lockfile: string) => {
    const key = `${path} ${version}`;
    if (packages.has(key) || own.has(path)) return;
    const integrity = sums.get(key);
    packages.set(key, { ecosystem: 'golang', name: path, version, lockfile, ...(integrity ? { integrity } : {}) });
  };
  for (const { dir, mod } of mods) {
    const lockfile = dir === '.' ? GO_MOD : `${dir.replace(/^\.\//, '')}/${GO_MOD}`;
    for (const req of mod.requires) {
      const resolved = resolveRequire(req, mod.replaces);
      if (resolved) add(resolved.path, resolved.version, lockfile);
    }
  }
  const vendored = await readTextFile(join(appDir, VENDOR_MODULES));
  for (const v of vendored === undefined ? [] : parseVendorModules(vendored)) {
    if (!v.hasPackages || !v.version) continue;
    if (!v.newPath) add(v.path, v.version, VENDOR_MODULES);
    else if (v.newVersion) add(v.newPath, v.newVersion, VENDOR_MODULES);
  }
  return [...packages.values()];
}
