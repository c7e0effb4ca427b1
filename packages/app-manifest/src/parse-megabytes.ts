// Cloud Controller's ByteConverter (ByteQuantity, derived from palm_civet): a number and a unit, every
// unit base 2 (K = KB = KiB = 1024), case-insensitive. A bare number has no unit and is refused.
const NUMERIC_START = /^-?\d+(?:\.\d+)?/;
const BYTE_QUANTITY = /^(-?\d+(?:\.\d+)?)([KMGT]i?B?|B)$/i;
const MEGABYTE = 1024 ** 2;
const UNIT_BYTES: Record<string, number> = { B: 1, K: 1024, M: MEGABYTE, G: 1024 ** 3, T: 1024 ** 4 };

export type Megabytes = { megabytes: number } | { problem: 'not a number' | 'unsupported unit' };

/** `256M`, `1G`, `512MB`, `1.5GiB` → whole megabytes, rounded down as CC rounds them. */
export function parseMegabytes(text: string): Megabytes {
  if (!NUMERIC_START.test(text)) return { problem: 'not a number' };
  const match = BYTE_QUANTITY.exec(text.trim());
  if (!match) return { problem: 'unsupported unit' };
  const unit = UNIT_BYTES[(match[2] ?? 'B').charAt(0).toUpperCase()] ?? 1;
  const bytes = Math.trunc(Number(match[1]) * unit);
  return { megabytes: Math.trunc(bytes / MEGABYTE) };
}

/** CC's message for a memory or disk value it refuses, after the attribute's label. */
export function megabytesProblem(label: 'Memory' | 'Disk quota', result: Megabytes): string | undefined {
  if ('problem' in result) {
    return result.problem === 'not a number'
      ? `${label} is not a number`
      : `${label} must use a supported unit: B, K, KB, M, MB, G, GB, T, or TB`;
  }
  return result.megabytes > 0 ? undefined : `${label} must be greater than 0MB`;
}
