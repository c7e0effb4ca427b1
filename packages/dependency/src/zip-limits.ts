// Bounds on what a zip may unpack to, checked against its central directory before a byte is written. yauzl
// (validateEntrySizes) fails any entry that inflates past the size it declares, so the declared sizes are real
// upper bounds: a zip bomb is refused up front instead of filling the disk first.

/** What a zip from an untrusted source (an uploaded buildpack) may unpack to. */
export interface ZipLimits {
  /** Entries in the central directory. */
  maxEntries: number;
  /** Sum of the declared uncompressed sizes. */
  maxBytes: number;
  /** Largest uncompressed:compressed ratio of one entry bigger than `ratioGraceBytes`. */
  maxRatio: number;
  /** Entries up to this size may compress any amount (small runs of zeros, empty files). */
  ratioGraceBytes: number;
}

/** An archive over a size limit: refused before anything was extracted. */
export class ArchiveLimitError extends Error {
  override name = 'ArchiveLimitError';
}

export interface ZipEntrySize {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

/** Binary units as `ls -h` prints them, so the limit in the message reads as configured (4G, not 4294967296). */
function size(bytes: number): string {
  for (const [unit, scale] of [['G', 1024 ** 3], ['M', 1024 ** 2], ['K', 1024]] as const) {
    if (bytes >= scale) return `${Number((bytes / scale).toFixed(1))}${unit}`;
  }
  return `${bytes}B`;
}

export function checkZipEntryCount(count: number, limits: ZipLimits): void {
  if (count > limits.maxEntries) throw new ArchiveLimitError(`zip has ${count} entries, more than the limit of ${limits.maxEntries}`);
}

export function checkZipLimits(entries: readonly ZipEntrySize[], limits: ZipLimits): void {
  checkZipEntryCount(entries.length, limits);
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.uncompressedSize > limits.ratioGraceBytes && e.uncompressedSize > e.compressedSize * limits.maxRatio) {
      const ratio = e.compressedSize > 0 ? `${Math.round(e.uncompressedSize / e.compressedSize)}:1` : 'from nothing';
      throw new ArchiveLimitError(
        `refusing to extract ${e.name}: it inflates ${size(e.compressedSize)} to ${size(e.uncompressedSize)} (${ratio}, more than ${limits.maxRatio}:1), a zip bomb`,
      );
    }
    if (total > limits.maxBytes) {
      throw new ArchiveLimitError(`zip unpacks to more than ${size(limits.maxBytes)} (the limit), refusing to extract it`);
    }
  }
}
