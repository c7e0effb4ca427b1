import { isMap } from './yaml-values.ts';

const BINDING_KEYS: readonly string[] = ['name', 'parameters', 'binding_name'];

/**
 * `services:`, the names of the service instances to bind. Each entry is a name or, since cf CLI v7,
 * a map `{name, parameters?, binding_name?}`; only the name is kept. Pushes CC's refusal to `errors`.
 */
export function readServices(value: unknown, errors: string[]): string[] | undefined {
  if (!Array.isArray(value) || !value.every(isServiceEntry)) {
    errors.push('Services must be a list of service instances');
    return undefined;
  }
  return value.map((entry) => (typeof entry === 'string' ? entry : (entry.name as string)));
}

function isServiceEntry(entry: unknown): entry is string | Record<string, unknown> {
  if (typeof entry === 'string') return true;
  if (!isMap(entry)) return false;
  const keys = Object.keys(entry);
  return (
    keys.every((key) => BINDING_KEYS.includes(key)) &&
    typeof entry.name === 'string' &&
    (entry.parameters === undefined || isMap(entry.parameters)) &&
    (entry.binding_name === undefined || typeof entry.binding_name === 'string')
  );
}
