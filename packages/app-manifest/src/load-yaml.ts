import { Schema, YAML11_SCHEMA, YAMLException, loadAll, timestampTag } from 'js-yaml';
import { ManifestError } from './manifest-error.ts';

// cf reads manifests and vars files with go-yaml v2, a YAML 1.1 parser: `yes`/`no`/`on`/`off` are
// booleans, `0777` is octal, `<<` merges. It leaves timestamps as strings when decoding into
// interface{}, so the timestamp tag is left out and `2024-01-01` stays text.
const YAML_V2_SCHEMA = new Schema(YAML11_SCHEMA.tags.filter((tag) => tag !== timestampTag));

/**
 * Parses the first YAML document as go-yaml v2 would (later duplicate keys win, further documents are
 * ignored, an empty text is null). A syntax error becomes a ManifestError worded like go-yaml's,
 * `yaml: line N: <problem>`; the problem text itself is js-yaml's, not go-yaml's.
 */
export function loadYamlV2(text: string): unknown {
  try {
    const documents = loadAll(text, { schema: YAML_V2_SCHEMA, json: true });
    return documents.length === 0 ? null : documents[0];
  } catch (err) {
    if (err instanceof YAMLException) {
      const line = err.mark ? `line ${err.mark.line + 1}: ` : '';
      throw new ManifestError(`yaml: ${line}${err.reason}`, { cause: err });
    }
    throw err;
  }
}
