import { ManifestError } from './manifest-error.ts';

/**
 * go-yaml v2's error when a document's shape does not fit the Go type cf decodes it into, e.g.
 * `cannot unmarshal !!seq into template.StaticVariables`. go-yaml also names the line; bpkit's
 * parsed YAML does not keep lines, so the line is left out.
 */
export function goYamlTypeError(value: unknown, goType: string, prefix = ''): ManifestError {
  return new ManifestError(`${prefix}yaml: unmarshal errors:\n  cannot unmarshal ${goYamlKind(value)} into ${goType}`);
}

function goYamlKind(value: unknown): string {
  if (Array.isArray(value)) return '!!seq';
  if (typeof value === 'object' && value !== null) return '!!map';
  const tag = typeof value === 'string' ? 'str' : typeof value === 'boolean' ? 'bool' : Number.isInteger(value) ? 'int' : 'float';
  return `!!${tag} \`${String(value)}\``;
}
