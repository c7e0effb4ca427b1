/**
 * `createdAt` as both formats' timestamps want it: UTC to the second. SPDX 2.3's schema requires exactly
 * `YYYY-MM-DDThh:mm:ssZ` (no fraction), and CycloneDX uses the same so the two documents agree.
 */
export function sbomTimestamp(createdAt: Date): string {
  return createdAt.toISOString().replace(/\.\d+Z$/, 'Z');
}
