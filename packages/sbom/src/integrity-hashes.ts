import { compareText } from './compare-text.ts';

// Lockfiles record integrity in their own notations; an SBOM wants hex digests named by algorithm. Only digests
// of the artifact itself are turned into hashes: go.sum's `h1:` is a hash of a list of file hashes, and yarn
// berry's checksum is of its own cache zip, so neither is the hash of anything a scanner could download.

export type HashAlgorithm = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface Hash {
  alg: HashAlgorithm;
  /** Lower-case hex. */
  content: string;
}

const SRI_ALGORITHMS: Record<string, HashAlgorithm> = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
const HEX_LENGTH: Record<HashAlgorithm, number> = { 'SHA-1': 40, 'SHA-256': 64, 'SHA-384': 96, 'SHA-512': 128 };

/** A sha256 as manifests write it, if it is one: lower-cased, else undefined. */
export function sha256Hex(text: string | undefined): string | undefined {
  return text && /^[0-9a-fA-F]{64}$/.test(text) ? text.toLowerCase() : undefined;
}

/**
 * The digests in an integrity string: SRI (`sha512-<base64>`, several separated by spaces, as npm, yarn v1 and
 * pnpm write) or Bundler's CHECKSUMS form (`sha256=<hex>`). Anything else gives none. Sorted, one per algorithm.
 */
export function integrityHashes(integrity: string | undefined): Hash[] {
  if (!integrity) return [];
  const found = new Map<HashAlgorithm, string>();
  for (const token of integrity.trim().split(/\s+/)) {
    const sri = /^(sha1|sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(token);
    const bundler = /^(sha256)=([0-9a-fA-F]+)$/.exec(token);
    let alg: HashAlgorithm | undefined;
    let hex: string | undefined;
    if (sri?.[1] && sri[2]) {
      alg = SRI_ALGORITHMS[sri[1]];
      hex = Buffer.from(sri[2], 'base64').toString('hex');
    } else if (bundler?.[1] && bundler[2]) {
      alg = SRI_ALGORITHMS[bundler[1]];
      hex = bundler[2].toLowerCase();
    }
    // A digest of the wrong length is a corrupt lockfile line: better none than a false one.
    if (alg && hex && hex.length === HEX_LENGTH[alg] && !found.has(alg)) found.set(alg, hex);
  }
  return [...found].map(([alg, content]) => ({ alg, content })).sort((a, b) => compareText(a.alg, b.alg));
}
