/**
 * Orders strings by UTF-16 code unit, as `Array.prototype.sort()` does: unlike `localeCompare`, the order does not
 * depend on the machine's locale or ICU data, so the same input sorts to the same bytes everywhere.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares records field by field, the first difference deciding. */
export function compareBy<T>(...keys: ((item: T) => string)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const order = compareText(key(a), key(b));
      if (order !== 0) return order;
    }
    return 0;
  };
}
