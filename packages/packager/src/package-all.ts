import { readdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { locateBuildpack } from './locate-buildpack.ts';
import type { LocatedBuildpack } from './locate-buildpack.ts';
import { preparePackage } from './package-buildpack.ts';
import type { PackageOptions, PackageResult, PreparedPackage } from './package-buildpack.ts';
import { PackagerError } from './packager-error.ts';

export type ZipKind = 'uncached' | 'cached';

export interface PackageAllOptions extends Omit<PackageOptions, 'buildpack' | 'workspaceDir' | 'cached' | 'outDir' | 'manifestFile' | 'version'> {
  /** The repository's buildpacks/: every subdirectory with a package.json is packaged. */
  workspaceDir: string;
  outDir: string;
  /** Default: uncached only. */
  kinds?: ZipKind[];
  /** Called after each zip is written (for progress output). */
  onZip?: (result: PackageResult) => void;
}

export interface PackageAllResult {
  zips: PackageResult[];
  /** `<outDir>/SHA256SUMS`, in `sha256sum -c` format. */
  sha256sums: string;
}

/** The workspace buildpacks, by name; an unbuilt one fails here, before any zip is written. */
export async function workspaceBuildpacks(workspaceDir: string): Promise<LocatedBuildpack[]> {
  const entries = await readdir(workspaceDir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    throw new PackagerError(`Cannot list workspace buildpacks in ${workspaceDir}: ${err.code ?? err.message}`);
  });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const found: LocatedBuildpack[] = [];
  for (const name of names) {
    const dir = join(workspaceDir, name);
    const hasPackage = (await readdir(dir)).includes('package.json');
    if (hasPackage) found.push(await locateBuildpack(dir));
  }
  if (found.length === 0) throw new PackagerError(`No buildpacks in ${workspaceDir}`);
  return found;
}

/**
 * The release flow: every workspace buildpack's zips into `outDir`, plus SHA256SUMS. Every zip is
 * validated before the first one is written.
 */
export async function packageAll(options: PackageAllOptions): Promise<PackageAllResult> {
  const { workspaceDir, outDir: out, kinds: wanted, onZip, ...common } = options;
  const kinds: ZipKind[] = wanted && wanted.length > 0 ? [...new Set(wanted)] : ['uncached'];
  const outDir = resolve(out);
  const buildpacks = await workspaceBuildpacks(workspaceDir);
  // Every zip is checked before the first is written: a release never stops half-way on a bad manifest.
  const prepared: PreparedPackage[] = [];
  const zips: PackageResult[] = [];
  try {
    for (const buildpack of buildpacks) {
      for (const kind of kinds) prepared.push(await preparePackage({ ...common, buildpack, cached: kind === 'cached', outDir }));
    }
    for (const job of prepared) {
      const result = await job.write();
      zips.push(result);
      onZip?.(result);
    }
  } finally {
    await Promise.all(prepared.map((p) => p.dispose()));
  }
  const sums = [...zips].sort((a, b) => (a.fileName < b.fileName ? -1 : 1)).map((z) => `${z.sha256}  ${z.fileName}\n`);
  const sha256sums = join(outDir, 'SHA256SUMS');
  await writeFile(`${sha256sums}.tmp`, sums.join(''));
  await rename(`${sha256sums}.tmp`, sha256sums);
  return { zips, sha256sums };
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A Markdown table of released zips, for release notes. */
export function releaseTable(zips: readonly PackageResult[]): string {
  const rows = zips.map((z) => `| ${z.fileName} | ${z.cached ? 'cached' : 'uncached'} | ${z.stack ?? 'any'} | ${formatSize(z.size)} | ${z.manifest.dependencies.length} | ${z.sha256} |`);
  return ['| zip | kind | stack | size | dependencies | sha256 |', '|-|-|-|-|-|-|', ...rows].join('\n') + '\n';
}
