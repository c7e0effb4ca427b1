import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import { BuildpackManifest, parseManifest } from '@bpkit/manifest';
import { type RuleResult, failed, passed } from '../violation.ts';

type Yaml = Record<string, unknown>;
const isMap = (v: unknown): v is Yaml => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * [default-versions] Exactly one `default_versions` entry per dependency name (libbuildpack refuses
 * to pick between two at staging time: "The buildpack manifest is misconfigured for
 * 'default_versions'"), and every default resolves to a listed version on every stack the manifest
 * lists (a default missing on one stack breaks every app without an explicit version there, e.g.
 * ruby-buildpack PR #1133's "no match found for 2.x.x in []").
 */
export async function defaultVersions(bpDir: string): Promise<RuleResult> {
  let text: string;
  try {
    text = await readFile(join(bpDir, 'manifest.yml'), 'utf8');
  } catch {
    return failed('default-versions', 'manifest.yml is missing');
  }
  const problems: string[] = [];
  // Read raw first: the count must be checked even when the rest of the manifest is broken.
  let raw: unknown;
  try {
    raw = load(text, { schema: FAILSAFE_SCHEMA });
  } catch (error) {
    return failed('default-versions', `manifest.yml is not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const defaults = isMap(raw) && Array.isArray(raw.default_versions) ? raw.default_versions.filter(isMap) : [];
  const byName = new Map<string, string[]>();
  for (const d of defaults) {
    const name = String(d.name);
    byName.set(name, [...(byName.get(name) ?? []), String(d.version)]);
  }
  for (const [name, versions] of byName) {
    if (versions.length > 1) {
      problems.push(`${name} has ${versions.length} default_versions entries (${versions.join(', ')}); CF requires exactly one per dependency`);
    }
  }
  if (problems.length) return failed('default-versions', ...problems);

  let manifest: BuildpackManifest;
  try {
    manifest = new BuildpackManifest(parseManifest(text, { file: 'manifest.yml' }));
  } catch {
    return passed('default-versions'); // [manifest-valid] reports why it does not parse
  }
  const data = manifest.data;
  const stacks = data.stack ? [data.stack] : [...new Set(data.dependencies.flatMap((d) => d.cf_stacks ?? []))].sort();
  for (const d of data.default_versions) {
    for (const stack of stacks) {
      try {
        manifest.defaultVersion(d.name, stack);
      } catch (error) {
        const why = (error as Error).message.split('\n').slice(1).join(' ') || (error as Error).message;
        problems.push(`default ${d.name} ${d.version} does not resolve on ${stack}: ${why}`);
      }
    }
  }
  return problems.length ? failed('default-versions', ...problems) : passed('default-versions');
}
