import { findMatchingVersion } from '@bpkit/manifest';
import type { ManifestData } from '@bpkit/manifest';
import { PackagerError } from './packager-error.ts';

/** libbuildpack packager's validateStack, with its messages; `stack` undefined means any stack. */
export function validatePackaging(manifest: ManifestData, stack: string | undefined): void {
  if (manifest.stack !== undefined && manifest.stack !== '') {
    throw new PackagerError('Cannot package from already packaged buildpack manifest');
  }
  if (stack === undefined) return;
  const onStack = (name: string): string[] =>
    manifest.dependencies.filter((d) => d.name === name && (d.cf_stacks ?? []).includes(stack)).map((d) => d.version);
  if (manifest.dependencies.length > 0 && !manifest.dependencies.some((d) => (d.cf_stacks ?? []).includes(stack))) {
    throw new PackagerError(`Stack \`${stack}\` not found in manifest`);
  }
  for (const d of manifest.default_versions) {
    try {
      findMatchingVersion(d.version, onStack(d.name));
    } catch {
      throw new PackagerError(`No matching default dependency \`${d.name}\` for stack \`${stack}\``);
    }
  }
}
