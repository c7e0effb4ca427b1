import { dump } from 'js-yaml';
import type { ManifestVars, VarValue } from './app-manifest-types.ts';
import { loadYamlV2 } from './load-yaml.ts';
import { ManifestError } from './manifest-error.ts';
import { isMap } from './yaml-values.ts';

// bosh-cli's director/template grammar, which cf uses for manifests: `((name))` or `((!name))`, where a
// name is ASCII word characters, letters, '-' and '.'.
const VAR_PATTERN = /\(\((!?[-.\w\p{L}]+)\)\)/gu;
const WHOLE_VAR_PATTERN = new RegExp(`^${VAR_PATTERN.source}$`, 'u');

/**
 * Replaces `((name))` in manifest text, as `cf push` does before it parses the manifest: the text is
 * parsed as YAML, every string in it (keys too) is interpolated, and the result is written back as YAML.
 * A string that is only `((name))` becomes the variable's value whatever its type (a number, a map);
 * inside a longer string only strings and integers may be spliced in. Every unresolved name is listed
 * in one error, as cf's `Expected to find variables: a, b`.
 */
export function interpolateVars(text: string, vars: ManifestVars): string {
  return dump(interpolateTree(loadYamlV2(text), vars), { lineWidth: -1, noRefs: true });
}

/** interpolateVars on an already parsed document. */
export function interpolateTree(tree: unknown, vars: ManifestVars): unknown {
  const lookup = new VarLookup(vars);
  const result = interpolateNode(tree, lookup);
  if (lookup.missing.size > 0) {
    // bosh wraps one error per name, newline-separated; cf's InterpolationError turns the newlines into ", ".
    throw new ManifestError(`Expected to find variables: ${[...lookup.missing].sort().join(', ')}`);
  }
  return result;
}

function interpolateNode(node: unknown, lookup: VarLookup): unknown {
  if (Array.isArray(node)) return node.map((item) => interpolateNode(item, lookup));
  if (isMap(node)) {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const newKey = interpolateNode(key, lookup);
      result[typeof newKey === 'string' ? newKey : String(newKey)] = interpolateNode(value, lookup);
    }
    return result;
  }
  if (typeof node === 'string') return interpolateString(node, lookup);
  return node;
}

function interpolateString(text: string, lookup: VarLookup): unknown {
  let result = text;
  for (const match of text.matchAll(VAR_PATTERN)) {
    const name = (match[1] ?? '').replace(/^!/, '');
    const found = lookup.get(name);
    if (!found) continue;
    // A value standing alone keeps its type, so `instances: ((n))` with n: 2 is the number 2.
    if (WHOLE_VAR_PATTERN.test(result)) return structuredClone(found.value);
    const value = found.value;
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) {
      throw new ManifestError(
        `Invalid type '${goTypeName(value)}' for value '${goValueText(value)}' and variable '${name}'. ` +
          'Supported types for interpolation within a string are integers and strings.',
      );
    }
    result = result.replaceAll(`((${name}))`, String(value)).replaceAll(`((!${name}))`, String(value));
  }
  return result;
}

class VarLookup {
  readonly missing = new Set<string>();
  private readonly vars: Record<string, VarValue>;

  constructor(vars: ManifestVars) {
    this.vars = nestDottedNames(vars);
  }

  /** `a.b.c` is variable `a`, then map keys `b` and `c`; only a missing `a` counts as a missing variable. */
  get(name: string): { value: VarValue } | undefined {
    const [first = '', ...keys] = name.split('.');
    if (!Object.hasOwn(this.vars, first)) {
      this.missing.add(first);
      return undefined;
    }
    let value = this.vars[first] as VarValue;
    let path = '';
    for (const key of keys) {
      path += `/${key}`;
      if (!isMap(value)) {
        // go-patch's wording, wrapped as bosh wraps it.
        throw new ManifestError(`Finding variable '${name}': Expected to find a map at path '${path}' but found '${goTypeName(value)}'`);
      }
      if (!Object.hasOwn(value, key)) {
        throw new ManifestError(`Finding variable '${name}': Expected to find a map key '${key}' for path '${path}' ${siblingKeys(value)}`);
      }
      value = value[key] as VarValue;
    }
    return { value };
  }
}

// bosh's StaticVariables: a variable named `a.b` (a vars file key or `--var a.b=x`) is key `b` of map `a`.
function nestDottedNames(vars: ManifestVars): Record<string, VarValue> {
  const nested: Record<string, VarValue> = {};
  for (const [name, value] of Object.entries(vars)) {
    const pieces = name.split('.');
    const last = pieces.pop() as string;
    let target = nested;
    for (const piece of pieces) {
      const existing = target[piece];
      if (!isMap(existing)) target[piece] = {};
      target = target[piece] as Record<string, VarValue>;
    }
    target[last] = value;
  }
  return nested;
}

function siblingKeys(map: Record<string, unknown>): string {
  const keys = Object.keys(map).sort().map((key) => `'${key}'`);
  if (keys.length === 0) return '(found no other map keys)';
  return `(found map key${keys.length === 1 ? '' : 's'}: ${keys.join(', ')})`;
}

// The errors quote Go's %T and %v of the value as go-yaml decoded it.
function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  return Array.isArray(value) ? '[]interface {}' : 'map[interface {}]interface {}';
}

function goValueText(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goValueText).join(' ')}]`;
  if (isMap(value)) {
    const pairs = Object.keys(value).sort().map((key) => `${key}:${goValueText(value[key])}`);
    return `map[${pairs.join(' ')}]`;
  }
  return String(value);
}
