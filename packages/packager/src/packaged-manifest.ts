import type { ManifestData, ManifestDependency } from '@bpkit/manifest';

/**
 * The entries a zip for `stack` carries, in manifest order. As in libbuildpack's packager an entry
 * is kept when its `cf_stacks` lists the stack (any entry with a stack for an any-stack zip), so an
 * entry without `cf_stacks` is dropped: the runtime could never select it either.
 */
export function dependenciesForStack(manifest: ManifestData, stack: string | undefined): ManifestDependency[] {
  return manifest.dependencies.filter((d) => (d.cf_stacks ?? []).some((s) => stack === undefined || s === stack));
}

export interface RewriteOptions {
  stack?: string | undefined;
  /** `file:` for a vendored entry (cached zips); undefined leaves the entry unvendored. */
  fileFor?: (dependency: ManifestDependency) => string | undefined;
}

/**
 * The packaged manifest.yml data: a stack zip gets `stack:` and loses `cf_stacks` and other stacks'
 * entries; cached zips point each entry at its vendored `file:`. A `file:` left over from an
 * already packaged any-stack manifest never survives into an uncached zip.
 */
export function rewriteManifest(manifest: ManifestData, options: RewriteOptions = {}): ManifestData {
  const dependencies = dependenciesForStack(manifest, options.stack).map((d) => {
    const entry: ManifestDependency = { ...d };
    delete entry.file;
    if (options.stack !== undefined) delete entry.cf_stacks;
    const file = options.fileFor?.(d);
    if (file !== undefined) entry.file = file;
    return entry;
  });
  const out: ManifestData = { ...manifest, dependencies };
  if (options.stack !== undefined) out.stack = options.stack;
  return out;
}
