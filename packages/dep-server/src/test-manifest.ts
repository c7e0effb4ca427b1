import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';

export interface TestDependency {
  name: string;
  version: string;
  /** Path under the server root; served at `<baseUrl>/<file>`. */
  file: string;
  cf_stacks?: string[];
  /** Overrides the computed value (e.g. to provoke a sha256 mismatch). */
  sha256?: string;
  /** Overrides `<baseUrl>/<file>`. */
  uri?: string;
}

export interface TestManifestOptions {
  language: string;
  /** Directory the files are read from to compute sha256 (the server's root). */
  root: string;
  baseUrl: string;
  dependencies: TestDependency[];
  defaultVersions?: Array<{ name: string; version: string }>;
  /** Extra top-level YAML appended as is (e.g. `dependency_deprecation_dates: …`). */
  extraYaml?: string;
}

export function sha256File(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (b) => hash.update(b))
      .on('error', fail)
      .on('end', () => done(hash.digest('hex')));
  });
}

// JSON strings are valid YAML double-quoted scalars, so no YAML library is needed here.
const q = (s: string): string => JSON.stringify(s);

/** manifest.yml text whose entries point at files served by a dependency server, with their real sha256. */
export async function buildTestManifest(options: TestManifestOptions): Promise<string> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const lines = [`language: ${q(options.language)}`];
  const defaults = options.defaultVersions ?? [];
  lines.push(defaults.length ? 'default_versions:' : 'default_versions: []');
  for (const d of defaults) lines.push(`- name: ${q(d.name)}`, `  version: ${q(d.version)}`);
  lines.push(options.dependencies.length ? 'dependencies:' : 'dependencies: []');
  for (const d of options.dependencies) {
    const file = d.file.replace(/^\/+/, '');
    const sha = d.sha256 ?? (await sha256File(join(options.root, file)));
    const uri = d.uri ?? `${base}/${file.split('/').map(encodeURIComponent).join('/')}`;
    lines.push(`- name: ${q(d.name)}`, `  version: ${q(d.version)}`, `  uri: ${q(uri)}`, `  sha256: ${q(sha)}`);
    lines.push('  cf_stacks:', ...(d.cf_stacks ?? ['cflinuxfs4']).map((s) => `  - ${q(s)}`));
  }
  let text = lines.join('\n') + '\n';
  if (options.extraYaml) text += options.extraYaml.endsWith('\n') ? options.extraYaml : options.extraYaml + '\n';
  return text;
}
