import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ManifestError } from './manifest-error.ts';
import { parseYaml } from './manifest-yaml.ts';
import { Problems, parseDefaultVersions, parseDependencies } from './parse-manifest.ts';
import type { DefaultVersion, ManifestData, ManifestDependency } from './types.ts';

export interface Override {
  file: string;
  default_versions: DefaultVersion[];
  dependencies: ManifestDependency[];
}

/**
 * Reads `<depsDir>/*\/override.yml` (sorted like Go's filepath.Glob) and returns the section for `language`.
 * Earlier buildpacks in a multi-buildpack push use this to swap the runtimes a later buildpack installs.
 */
export async function readOverrides(depsDir: string, language: string): Promise<Override[]> {
  let idxs: string[];
  try {
    idxs = (await readdir(depsDir)).sort();
  } catch {
    return [];
  }
  const out: Override[] = [];
  for (const idx of idxs) {
    const file = join(depsDir, idx, 'override.yml');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    let raw: unknown;
    try {
      raw = parseYaml(text, file);
    } catch (err) {
      throw new ManifestError(`${file}: invalid YAML: ${(err as Error).message}`);
    }
    if (typeof raw !== 'object' || raw === null) continue;
    const section = (raw as Record<string, unknown>)[language];
    if (typeof section !== 'object' || section === null) continue;
    const p = new Problems(file);
    const s = section as Record<string, unknown>;
    const defaults = parseDefaultVersions(s['default_versions'], p);
    const dependencies = parseDependencies(s['dependencies'], `${language}.dependencies`, p);
    if (p.lines.length > 0) throw new ManifestError(p.lines.join('\n'));
    out.push({ file, default_versions: defaults, dependencies });
  }
  return out;
}

/** Defaults replace the manifest's by name (or are added); dependency entries are appended (and win lookups). */
export function mergeOverride(manifest: ManifestData, override: Override): void {
  for (const d of override.default_versions) {
    const existing = manifest.default_versions.filter((x) => x.name === d.name);
    if (existing.length === 0) manifest.default_versions.push({ ...d });
    else for (const x of existing) x.version = d.version;
  }
  manifest.dependencies.push(...override.dependencies.map((e) => ({ ...e })));
}
