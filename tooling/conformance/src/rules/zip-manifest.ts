import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import { parseManifest } from '@bpkit/manifest';
import { nodeRuntimeEntries } from '@bpkit/node-runtime';
import { VENDORED_NODE, isMap, readZipBuildpack } from '../zip-buildpack.ts';
import { zipFile } from '../zip-archive.ts';
import { type RuleResult, failed, passed } from '../violation.ts';

type Yaml = Record<string, unknown>;

const depKey = (d: Yaml): string => `${String(d.name)} ${String(d.version)} ${String(d.uri)} ${String(d.sha256)}`;

function sortedKeys(where: string, map: Yaml, problems: string[]): void {
  const keys = Object.keys(map);
  const sorted = [...keys].sort();
  if (keys.join(',') !== sorted.join(',')) problems.push(`${where} keys must be sorted as CF's packager writes them: ${keys.join(', ')}`);
}

/**
 * [zip-manifest] The zip's manifest.yml is the source manifest rewritten as CF's packager rewrites it:
 * sorted keys; language and default_versions unchanged; every dependency of the packaged stack kept
 * (name, version, uri, sha256); a stack zip sets `stack:`, drops `cf_stacks` and other stacks'
 * entries; a cached zip sets `file: dependencies/<md5(uri)>/<basename(uri)>` on each and holds that
 * file with the entry's sha256 — except the bootstrap's Node, which a cached zip holds unpacked at vendor/node
 * instead (no `file:`); an uncached zip has no `file:` and no dependencies/.
 */
export async function zipManifest(zipPath: string, sourceManifestText: string): Promise<RuleResult> {
  const zip = await readZipBuildpack(zipPath);
  if (zip.manifestText === undefined || zip.manifest === undefined) return failed('zip-manifest', 'the zip has no readable manifest.yml');
  const problems: string[] = [];
  try {
    parseManifest(zip.manifestText, { file: 'manifest.yml (in the zip)' });
  } catch (error) {
    problems.push(...(error as Error).message.split('\n').filter(Boolean));
  }
  const source = load(sourceManifestText, { schema: FAILSAFE_SCHEMA });
  if (!isMap(source)) return failed('zip-manifest', 'the source manifest is not a YAML map');
  const packaged = zip.manifest;

  sortedKeys('manifest.yml', packaged, problems);
  if (packaged.language !== source.language) problems.push(`language changed from ${String(source.language)} to ${String(packaged.language)}`);
  const defaults = (m: Yaml): string =>
    (Array.isArray(m.default_versions) ? m.default_versions.filter(isMap) : []).map((d) => `${String(d.name)}@${String(d.version)}`).join(', ');
  if (defaults(packaged) !== defaults(source)) {
    problems.push('default_versions differ from the source manifest');
  }
  if (typeof source.stack === 'string') problems.push('the source manifest already has stack: (CF: "Cannot package from already packaged buildpack manifest")');

  const stack = zip.stack;
  const sourceDeps = (Array.isArray(source.dependencies) ? source.dependencies : []).filter(isMap);
  const wanted = stack === undefined ? sourceDeps : sourceDeps.filter((d) => Array.isArray(d.cf_stacks) && d.cf_stacks.includes(stack));
  const deps = (Array.isArray(packaged.dependencies) ? packaged.dependencies : []).filter(isMap);
  const want = wanted.map(depKey).sort();
  const have = deps.map(depKey).sort();
  const missing = want.filter((k) => !have.includes(k));
  const extra = have.filter((k) => !want.includes(k));
  if (missing.length) problems.push(`dependencies missing from the zip's manifest: ${missing.join('; ')}`);
  if (extra.length) problems.push(`dependencies in the zip's manifest that the source (for ${stack ?? 'any stack'}) does not list: ${extra.join('; ')}`);

  const entries = new Set(zip.entries.map((e) => e.name));
  const bootstrapUris = new Set(entries.has(VENDORED_NODE) ? nodeRuntimeEntries(zip.manifestText).map((e) => e.uri) : []);
  for (const dep of deps) {
    const name = `${String(dep.name)} ${String(dep.version)}`;
    sortedKeys(`dependency ${name}`, dep, problems);
    if (stack !== undefined && 'cf_stacks' in dep) problems.push(`${name}: a stack zip drops cf_stacks`);
    if (stack === undefined && !Array.isArray(dep.cf_stacks)) problems.push(`${name}: an any-stack zip keeps cf_stacks`);
    if (!zip.cached) {
      if ('file' in dep) problems.push(`${name}: an uncached zip has no file: entries`);
      continue;
    }
    const uri = String(dep.uri);
    if (dep.name === 'node' && bootstrapUris.has(uri)) {
      if ('file' in dep) problems.push(`${name}: the bootstrap's Node is vendored unpacked at vendor/node, so it has no file:`);
      continue;
    }
    const expected = `dependencies/${createHash('md5').update(uri).digest('hex')}/${posix.basename(new URL(uri, 'file:///').pathname)}`;
    if (dep.file !== expected) {
      problems.push(`${name}: file: must be ${expected}, is ${JSON.stringify(dep.file)}`);
      continue;
    }
    if (!entries.has(expected)) {
      problems.push(`${name}: ${expected} is not in the zip`);
      continue;
    }
    const bytes = await zipFile(zipPath, expected);
    const sha = bytes ? createHash('sha256').update(bytes).digest('hex') : '';
    if (sha !== String(dep.sha256)) problems.push(`${name}: ${expected} has sha256 ${sha}, the manifest says ${String(dep.sha256)}`);
  }
  if (!zip.cached) {
    const vendored = zip.entries.filter((e) => e.name.startsWith('dependencies/') && !e.directory);
    if (vendored.length) problems.push(`an uncached zip vendors nothing, has ${vendored.map((e) => e.name).join(', ')}`);
  }
  return problems.length ? failed('zip-manifest', ...problems) : passed('zip-manifest');
}
