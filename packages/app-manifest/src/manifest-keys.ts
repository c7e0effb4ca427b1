/**
 * An attribute name as Cloud Controller reads it: CC runs ActiveSupport's `underscore` over every
 * app and process key, so `health-check-type`, `health_check_type` and `healthCheckType` are one
 * attribute. (`name` and `path` are read by the CLI itself, which knows only those exact spellings.)
 */
export function attributeName(key: string): string {
  return key
    .replace(/([A-Z\d]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replaceAll('-', '_')
    .toLowerCase();
}

/** A map's entries keyed by attributeName; of two spellings of one attribute the later one wins. */
export function byAttributeName(map: Record<string, unknown>): Map<string, unknown> {
  const attributes = new Map<string, unknown>();
  for (const [key, value] of Object.entries(map)) attributes.set(attributeName(key), value);
  return attributes;
}
