// An SBOM's serial number (CycloneDX) and namespace (SPDX) must be unique per document, yet the same input must give
// the same bytes: so the UUID is a name-based one (RFC 4122 version 5, SHA-1) over the document's whole content.
import { createHash } from 'node:crypto';

// RFC 4122's URL namespace: the name below is a URL-like string of bpkit's own, so this is the namespace it names.
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** RFC 4122 version 5 UUID of `name` in the URL namespace. */
export function uuidV5(name: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(URL_NAMESPACE.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The UUID of an SBOM: `content` is the document's normalized input (plain data built in a fixed key order), so
 * any difference in what it lists, down to one hash, gives another UUID.
 */
export function documentUuid(format: 'cyclonedx' | 'spdx', content: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  return uuidV5(`bpkit-sbom:${format}:${digest}`);
}
