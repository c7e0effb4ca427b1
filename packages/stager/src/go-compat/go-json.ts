// encoding/json as BAL's Go code produces it: struct fields in declaration order, map keys sorted,
// and the HTML-safe escaping of <, >, & and U+2028/U+2029 that json.Marshal and json.Encoder apply.

/** A Go struct value: fields are emitted in this order (omitempty is the caller's job). */
export class GoStruct {
  constructor(readonly fields: ReadonlyArray<readonly [string, unknown]>) {}
}

function encodeString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function encodeNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN'}`);
  return JSON.stringify(n);
}

function compareBytes(a: string, b: string): number {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return Buffer.compare(ba, bb);
}

/** Marshals like Go's json.Marshal. Plain objects and Maps are Go maps (keys sorted bytewise). */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof GoStruct) {
    return `{${value.fields.map(([k, v]) => `${encodeString(k)}:${goJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'string') return encodeString(value);
  if (typeof value === 'number') return encodeNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map((v) => goJson(v)).join(',')}]`;
  const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(value);
  entries.sort((a, b) => compareBytes(a[0], b[0]));
  return `{${entries.map(([k, v]) => `${encodeString(k)}:${goJson(v)}`).join(',')}}`;
}
