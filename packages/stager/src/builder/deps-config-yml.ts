// deps/<idx>/config.yml as the builder reads it into result.json's per-buildpack entry (BAL's BuildpackMetadata):
// `{key}` overlaid with the file's name, version, config.entrypoint_prefix, output_metadata, even key. A config.yml that does not parse is ignored;
// a field of the wrong type is skipped while the others still apply, as yaml.v2 does.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeAny, decodeString, field, isNull, mappingEntries, parseYaml, type YamlNode } from '../go-compat/go-yaml.ts';

export interface BuildpackConfig {
  entrypoint_prefix?: string;
}

export interface BuildpackMetadata {
  key: string;
  name: string;
  version?: string;
  config?: BuildpackConfig;
  output_metadata?: Record<string, unknown>;
}

function apply(node: YamlNode | undefined, fn: (n: YamlNode) => void): void {
  if (node === undefined) return;
  try {
    fn(node);
  } catch {
    // yaml.v2 records the type error and keeps decoding the remaining fields.
  }
}

export async function readDepsConfigYml(key: string, depsDir: string, depsIndex: string): Promise<BuildpackMetadata> {
  const metadata: BuildpackMetadata = { key, name: '' };
  let root: YamlNode | null;
  try {
    root = (await parseYaml(await readFile(join(depsDir, depsIndex, 'config.yml'), 'utf8'))).root;
    mappingEntries(root, 'buildpackapplifecycle.BuildpackMetadata');
  } catch {
    return metadata;
  }
  apply(field(root, 'key'), (n) => (metadata.key = decodeString(n)));
  apply(field(root, 'name'), (n) => (metadata.name = decodeString(n)));
  apply(field(root, 'version'), (n) => {
    const version = decodeString(n);
    if (version) metadata.version = version;
    else delete metadata.version;
  });
  apply(field(root, 'config'), (n) => {
    if (isNull(n)) return void delete metadata.config;
    mappingEntries(n, 'buildpackapplifecycle.BuildpackConfig');
    const config: BuildpackConfig = {};
    apply(field(n, 'entrypoint_prefix'), (p) => {
      const prefix = decodeString(p);
      if (prefix) config.entrypoint_prefix = prefix;
    });
    metadata.config = config;
  });
  apply(field(root, 'output_metadata'), (n) => {
    if (isNull(n)) return void delete metadata.output_metadata;
    mappingEntries(n, 'map[string]interface {}');
    metadata.output_metadata = decodeAny(n) as Record<string, unknown>;
  });
  return metadata;
}
