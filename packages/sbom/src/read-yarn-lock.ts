// The npm packages a yarn.lock pins, in either of its formats: Yarn 1's own syntax (`"a@^1", a@^1.2:` then
// indented `version "1.2.3"` lines) or Yarn 2+'s ("berry") YAML with its `__metadata` entry. Workspaces, links,
// portals, local files and patches are the app's own code or changes to a package listed on its own.
import { join } from 'node:path';
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import { readTextFile } from './read-text-file.ts';
import type { AppPackage } from './sbom-input.ts';

export const YARN_LOCKFILE = 'yarn.lock';

/** Berry's resolution protocols for code that is the app's own or derived from another entry. */
const LOCAL_PROTOCOLS = new Set(['workspace', 'link', 'portal', 'file', 'patch', 'exec', 'virtual']);

/** `name@range` → name and range; the name may be scoped (`@s/n@^1`), so the separator is the first '@' after the start. */
function splitDescriptor(descriptor: string): { name: string; range: string } | undefined {
  const at = descriptor.indexOf('@', 1);
  return at < 0 ? undefined : { name: descriptor.slice(0, at), range: descriptor.slice(at + 1) };
}

function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? (JSON.parse(t) as string) : t;
}

function add(found: Map<string, AppPackage>, name: string, version: string, integrity: string | undefined): void {
  const key = `${name}@${version}`;
  if (!name || !version || found.has(key)) return;
  found.set(key, { ecosystem: 'npm', name, version, lockfile: YARN_LOCKFILE, ...(integrity ? { integrity } : {}) });
}

export function parseYarnV1Lock(text: string): AppPackage[] {
  const found = new Map<string, AppPackage>();
  let current: { descriptors: string[]; fields: Map<string, string> } | undefined;
  const flush = () => {
    if (!current) return;
    const version = current.fields.get('version');
    const first = current.descriptors[0] ? splitDescriptor(current.descriptors[0]) : undefined;
    if (version && first && !/^(file|link):/.test(first.range)) {
      // `alias@npm:real@^1` installs `real` under another name: the package is `real`.
      const real = first.range.startsWith('npm:') ? splitDescriptor(first.range.slice(4)) : undefined;
      add(found, real?.name ?? first.name, version, current.fields.get('integrity'));
    }
    current = undefined;
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      flush();
      // `"@babel/core@^7.0.0", "@babel/core@^7.12.3":` — one entry for every range that resolved to it.
      const header = line.trimEnd().replace(/:$/, '');
      current = { descriptors: header.split(/,\s*/).map(unquote), fields: new Map() };
    } else if (indent === 2 && current) {
      const m = /^\s+("(?:[^"\\]|\\.)*"|\S+)\s+(.+)$/.exec(line);
      if (m?.[1] && m[2]) current.fields.set(unquote(m[1]), unquote(m[2]));
    }
  }
  flush();
  return [...found.values()];
}

export function parseYarnBerryLock(text: string): AppPackage[] {
  // FAILSAFE: every scalar stays a string, so `version: 1.10` is not read as the number 1.1.
  const doc = load(text, { schema: FAILSAFE_SCHEMA });
  if (typeof doc !== 'object' || doc === null) throw new Error('yarn.lock: not a lockfile');
  const found = new Map<string, AppPackage>();
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (key === '__metadata' || typeof value !== 'object' || value === null) continue;
    const entry = value as { resolution?: unknown; version?: unknown; checksum?: unknown };
    if (typeof entry.resolution !== 'string' || typeof entry.version !== 'string') continue;
    const resolved = splitDescriptor(entry.resolution);
    const protocol = resolved?.range.split(':')[0] ?? '';
    if (!resolved || LOCAL_PROTOCOLS.has(protocol)) continue;
    add(found, resolved.name, entry.version, typeof entry.checksum === 'string' ? entry.checksum : undefined);
  }
  return [...found.values()];
}

/** Yarn 1 writes `# yarn lockfile v1` at the top; Yarn 2+ writes a `__metadata:` entry instead. */
export function parseYarnLock(text: string): AppPackage[] {
  return /^__metadata:/m.test(text) ? parseYarnBerryLock(text) : parseYarnV1Lock(text);
}

export async function readYarnLock(appDir: string): Promise<AppPackage[]> {
  const text = await readTextFile(join(appDir, YARN_LOCKFILE));
  return text === undefined ? [] : parseYarnLock(text);
}
