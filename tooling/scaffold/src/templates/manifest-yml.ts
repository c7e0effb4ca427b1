import type { ManifestDependency } from '@bpkit/manifest';
import type { BootstrapNode } from '../bootstrap-node.ts';
import type { BuildpackNames } from '../buildpack-name.ts';

// Scalars that YAML would read as something else (numbers, booleans, null) or that need quoting.
function scalar(value: string): string {
  return /^[A-Za-z0-9_./:+-][A-Za-z0-9_./:+@~=-]*$/.test(value) && !/^(?:[-+]?(?:\d[\d_]*)?\.?\d*(?:[eE][-+]?\d+)?|\.inf|\.nan|true|false|yes|no|y|n|on|off|null|~)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

function dependency(d: ManifestDependency): string {
  const lines = [`- name: ${scalar(d.name)}`, `  version: ${scalar(d.version)}`, `  uri: ${scalar(d.uri)}`, `  sha256: ${scalar(d.sha256)}`];
  if (d.cf_stacks) lines.push('  cf_stacks:', ...d.cf_stacks.map((s) => `  - ${scalar(s)}`));
  if (d.source) lines.push(`  source: ${scalar(d.source)}`);
  if (d.source_sha256) lines.push(`  source_sha256: ${scalar(d.source_sha256)}`);
  return lines.join('\n');
}

/**
 * language NAME, the bootstrap's node entry and default (copied from another buildpack), and
 * include_files: what a packaged zip holds (bin/ and lib/ come from build/, README.md from the package).
 */
export function manifestYml(n: BuildpackNames, node: BootstrapNode): string {
  return `---
language: ${n.name}
default_versions:
- name: node
  version: ${scalar(node.defaultVersion)}
# The Node.js that bin/supply and bin/finalize run on (lib/bootstrap.sh): CF stacks ship none.
# Copied from ${node.from} by \`bpkit new\`. Add the buildpack's own dependencies
# below it (real upstream uri, sha256, cf_stacks), and a default_versions entry for each.
dependencies:
${node.entries.map(dependency).join('\n')}
include_files:
- README.md
- VERSION
- bin
- lib
- manifest.yml
`;
}

/**
 * A declarative buildpack's manifest: nothing to download, since every phase is sh (buildpacks/binary's, plus
 * include_files without lib/, which the bundle does not produce).
 */
export function declarativeManifestYml(n: BuildpackNames): string {
  return `---
language: ${n.name}
# Nothing to download: detect, supply, finalize and release are sh compiled from src/buildpack.ts, so staging
# starts no Node, cached zip or not. A buildpack that installs something lists it here (real upstream uri,
# sha256, cf_stacks) with a default_versions entry, and needs phase code: see \`bpkit new --kind code\`.
default_versions: []
dependencies: []
include_files:
- README.md
- VERSION
- bin
- manifest.yml
`;
}
