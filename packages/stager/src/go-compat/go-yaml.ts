// The parts of gopkg.in/yaml.v2 that BAL relies on: YAML 1.1 tag resolution, only the first document,
// scalars decoded into Go strings keep their source text (`web: 1.0` is "1.0"), null becomes "".
// Built on js-yaml's AST (loaded lazily: most builder runs never parse YAML before the release step).

import type { Node, ScalarNode } from 'js-yaml';

const TAG = 'tag:yaml.org,2002:';
const ANCHOR_NAME = /^[0-9A-Za-z_-]+$/;

export class YamlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlError';
  }
}

type Resolved = ScalarNode | Extract<Node, { kind: 'mapping' | 'sequence' }>;

/** A parsed document whose aliases are resolved; null for an empty document. */
export interface YamlDocument {
  root: Resolved | null;
}

export async function parseYaml(source: string): Promise<YamlDocument> {
  const yaml = await import('js-yaml');
  let docs;
  try {
    const events = yaml.parseEvents(source, {});
    docs = yaml.eventsToAst(events, { source, schema: yaml.YAML11_SCHEMA });
  } catch (error) {
    const e = error as { reason?: string; mark?: { line?: number } };
    const line = e.mark?.line !== undefined ? `line ${e.mark.line + 1}: ` : '';
    throw new YamlError(`yaml: ${line}${e.reason ?? (error as Error).message}`);
  }
  const first = docs[0]?.contents ?? null;
  if (!first) return { root: null };
  const anchors = new Map<string, Resolved>();
  const resolve = (node: Node): Resolved => {
    // libyaml's anchor and alias names are letters, digits, '-' and '_'; js-yaml takes any non-space run, so
    // `&ruby/object:Pathname` (a Ruby-serialised staging_info.yml) would pass where CF's launcher refuses it.
    if (node.anchor && !ANCHOR_NAME.test(node.anchor)) {
      throw new YamlError(`yaml: did not find expected alphabetic or numeric character in anchor '${node.anchor}'`);
    }
    if (node.kind === 'alias') {
      const target = anchors.get(node.anchor);
      if (!target) throw new YamlError(`yaml: unknown anchor '${node.anchor}' referenced`);
      return target;
    }
    if (node.anchor) anchors.set(node.anchor, node);
    if (node.kind === 'mapping') {
      for (const item of node.items) {
        resolve(item.key);
        resolve(item.value);
      }
    }
    if (node.kind === 'sequence') for (const item of node.items) resolve(item);
    return node;
  };
  // First pass registers anchors in document order; lookups below re-resolve aliases.
  resolve(first);
  const deref = (node: Node): Resolved => (node.kind === 'alias' ? (anchors.get(node.anchor) as Resolved) : node);
  const walk = (node: Node): Resolved => {
    const n = deref(node);
    if (n.kind === 'mapping') return { ...n, items: n.items.map((i) => ({ key: walk(i.key), value: walk(i.value) })) };
    if (n.kind === 'sequence') return { ...n, items: n.items.map(walk) };
    return n;
  };
  return { root: walk(first) };
}

function shortTag(node: Resolved): string {
  return node.tag.startsWith(TAG) ? `!!${node.tag.slice(TAG.length)}` : node.tag;
}

export function isNull(node: Resolved | null): boolean {
  return node === null || (node.kind === 'scalar' && node.tag === `${TAG}null`);
}

function typeError(node: Resolved, into: string): YamlError {
  const shown = node.kind === 'scalar' ? `${shortTag(node)} \`${node.value}\`` : shortTag(node);
  return new YamlError(`yaml: unmarshal errors:\n  cannot unmarshal ${shown} into ${into}`);
}

/** Decodes a node into a Go string: scalars keep their text, null is "". */
export function decodeString(node: Resolved | null): string {
  if (node === null || isNull(node)) return '';
  if (node.kind !== 'scalar') throw typeError(node, 'string');
  return node.value;
}

/** Decodes into a Go int. */
export function decodeInt(node: Resolved | null): number {
  if (node === null || isNull(node)) return 0;
  if (node.kind === 'scalar' && node.tag === `${TAG}int`) {
    const n = Number(node.value.replace(/_/g, '').replace(/^([+-]?)0([0-7]+)$/, (_, s: string, d: string) => `${s}0o${d}`));
    if (Number.isSafeInteger(n)) return n;
  }
  throw typeError(node, 'int');
}

/** Entries of a mapping node (merge keys `<<` applied), or [] for null. */
export function mappingEntries(node: Resolved | null, into: string): Array<[Resolved, Resolved]> {
  if (node === null || isNull(node)) return [];
  if (node.kind !== 'mapping') throw typeError(node, into);
  const out: Array<[Resolved, Resolved]> = [];
  for (const { key, value } of node.items as Array<{ key: Resolved; value: Resolved }>) {
    if (key.kind === 'scalar' && key.tag === `${TAG}merge`) {
      const sources = value.kind === 'sequence' ? (value.items as Resolved[]) : [value];
      for (const source of sources) out.push(...mappingEntries(source, into));
      continue;
    }
    out.push([key, value]);
  }
  return out;
}

/** Sequence items, or [] for null. */
export function sequenceItems(node: Resolved | null, into: string): Resolved[] {
  if (node === null || isNull(node)) return [];
  if (node.kind !== 'sequence') throw typeError(node, into);
  return node.items as Resolved[];
}

/** Looks a key up in a mapping (last occurrence wins, as decoding into a struct does). */
export function field(node: Resolved | null, name: string): Resolved | undefined {
  let found: Resolved | undefined;
  for (const [k, v] of mappingEntries(node, 'struct')) if (k.kind === 'scalar' && k.value === name) found = v;
  return found;
}

/** Decodes into map[string]string (Procfile, default_process_types), keeping document order. */
export function decodeStringMap(node: Resolved | null): Array<[string, string]> {
  const out = new Map<string, string>();
  for (const [k, v] of mappingEntries(node, 'map[string]string')) out.set(decodeString(k), decodeString(v));
  return [...out.entries()];
}

/** Decodes into interface{} for JSON output (output_metadata). */
export function decodeAny(node: Resolved | null): unknown {
  if (node === null || isNull(node)) return null;
  if (node.kind === 'sequence') return (node.items as Resolved[]).map(decodeAny);
  if (node.kind === 'mapping') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of mappingEntries(node, 'map')) out[k.kind === 'scalar' ? k.value : JSON.stringify(decodeAny(k))] = decodeAny(v);
    return out;
  }
  switch (node.tag) {
    case `${TAG}bool`:
      return /^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(node.value);
    case `${TAG}int`:
      return decodeInt(node);
    case `${TAG}float`: {
      const v = node.value.replace(/_/g, '').toLowerCase();
      if (v.endsWith('.inf')) return v.startsWith('-') ? -Infinity : Infinity;
      if (v === '.nan') return NaN;
      return Number(v);
    }
    default:
      return node.value;
  }
}

export type { Resolved as YamlNode };
