import { parseVersion } from '@bpkit/manifest';
import type { ManifestData, ManifestDependency } from '@bpkit/manifest';

// libbuildpack's Dependencies.Less: by name, then by semver when both parse, else as strings.
function compareDependencies(a: ManifestDependency, b: ManifestDependency): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  const va = parseVersion(a.version);
  const vb = parseVersion(b.version);
  if (va && vb) return va.compare(vb);
  return a.version < b.version ? -1 : a.version > b.version ? 1 : 0;
}

/** Sub-dependency names: `dependencies:` under the entry, or the older `modules:` list. */
function modules(dep: ManifestDependency): string[] {
  if (dep.dependencies) return dep.dependencies.map((d) => d.name);
  const legacy = (dep as unknown as Record<string, unknown>)['modules'];
  return Array.isArray(legacy) ? legacy.filter((m): m is string => typeof m === 'string') : [];
}

/** `buildpack-packager summary`: the "Packaged binaries:" and "Default binary versions:" tables ('' when empty). */
export function packagingSummary(manifest: ManifestData): string {
  const deps = [...manifest.dependencies].sort(compareDependencies);
  const withModules = deps.some((d) => modules(d).length > 0);
  let out = '';
  if (deps.length > 0) {
    out += '\nPackaged binaries:\n\n';
    out += withModules ? '| name | version | cf_stacks | modules |\n|-|-|-|-|\n' : '| name | version | cf_stacks |\n|-|-|-|\n';
    for (const d of deps) {
      const stacks = [...(d.cf_stacks ?? [])].sort().join(', ');
      out += withModules
        ? `| ${d.name} | ${d.version} | ${stacks} | ${modules(d).sort().join(', ')} |\n`
        : `| ${d.name} | ${d.version} | ${stacks} |\n`;
    }
  }
  if (manifest.default_versions.length > 0) {
    out += '\nDefault binary versions:\n\n| name | version |\n|-|-|\n';
    for (const d of manifest.default_versions) out += `| ${d.name} | ${d.version} |\n`;
  }
  return out;
}
