import { FAILSAFE_SCHEMA, boolCoreTag, dump, load, nullCoreTag } from 'js-yaml';
import type { ManifestData } from './types.ts';

// Only null and booleans resolve implicitly: like libbuildpack's yaml.v2 decoding into string fields,
// `version: 1.10` must stay "1.10" (not 1.1) and `version: 80` stays "80".
const MANIFEST_SCHEMA = FAILSAFE_SCHEMA.withTags(nullCoreTag, boolCoreTag);

export function parseYaml(text: string, filename: string): unknown {
  return load(text, { schema: MANIFEST_SCHEMA, filename });
}

/**
 * manifest.yml text with map keys sorted (as yaml.v2 writes it) and sequences unindented under their key,
 * so the packager's rewritten manifest diffs cleanly against CF's.
 */
export function stringifyManifest(manifest: ManifestData | Record<string, unknown>): string {
  return dump(manifest, { sortKeys: true, seqNoIndent: true, lineWidth: -1, noRefs: true });
}
