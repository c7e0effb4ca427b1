// VCAP_PLATFORM_OPTIONS (platformoptions.Get): empty means none; otherwise JSON with an optional
// `credhub-uri`. Anything else is `Invalid platform options: …` (builder exit 3, launcher exit 3).

export interface PlatformOptions {
  credhubUri: string;
}

function goJsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'object';
}

/** Returns undefined when unset/empty; throws Error with Go's json error text when invalid. */
export function parsePlatformOptions(text: string | undefined): PlatformOptions | undefined {
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    if (text.trim() === '') throw new Error('unexpected end of JSON input');
    const first = text.trim()[0] as string;
    if (!/[[{"\-0-9tfn]/.test(first)) throw new Error(`invalid character '${first}' looking for beginning of value`);
    throw new Error((error as Error).message);
  }
  if (parsed === null) return { credhubUri: '' };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`json: cannot unmarshal ${goJsonType(parsed)} into Go value of type platformoptions.PlatformOptions`);
  }
  const uri = (parsed as Record<string, unknown>)['credhub-uri'];
  if (uri !== undefined && uri !== null && typeof uri !== 'string') {
    throw new Error(`json: cannot unmarshal ${goJsonType(uri)} into Go struct field PlatformOptions.credhub-uri of type string`);
  }
  return { credhubUri: typeof uri === 'string' ? uri : '' };
}
