// The SBOM a staging writes into its droplet: the install records bpkit's buildpacks left in BPKIT_INSTALL_RECORDS,
// each marked by whether the droplet still holds it, plus the app's packages as pushed. The builder writes it
// (`-outputSbom`); `bpkit sbom` and `bpkit droplet inspect` read it back from any droplet.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { InstallRecord } from './install-record.ts';
import type { InstalledDependency } from './sbom-input.ts';

/** Where a droplet keeps its SBOM, relative to its root (/home/vcap): outside app/, where CF's launcher never looks. */
export const DROPLET_SBOM_DIR = '.bpkit';
export const DROPLET_SBOM_FILES = { cyclonedx: `${DROPLET_SBOM_DIR}/sbom.cdx.json`, spdx: `${DROPLET_SBOM_DIR}/sbom.spdx.json` } as const;
/** The install records, kept in the droplet so its SBOM can be summed up again from the droplet alone. */
export const DROPLET_INSTALL_RECORDS_DIR = `${DROPLET_SBOM_DIR}/installed`;

export type SbomFormat = keyof typeof DROPLET_SBOM_FILES;

/** The JSON texts of the install records in `dir`, by name (none when there is no such dir). */
export async function readInstallRecords(dir: string): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')));
}

/** The records' texts parsed; one that is not a record is skipped: the SBOM is an addition, never a failure. */
export function parseInstallRecords(texts: readonly string[]): InstallRecord[] {
  return texts.flatMap((text): InstallRecord[] => {
    try {
      const r = JSON.parse(text) as Partial<InstallRecord> | null;
      return r && typeof r.name === 'string' && typeof r.version === 'string' && typeof r.path === 'string' ? [r as InstallRecord] : [];
    } catch {
      return [];
    }
  });
}

/**
 * The records as SBOM entries; `inDroplet(path)` says whether the droplet holds a record's path (Go's toolchain
 * builds the app and stays out).
 */
export function installedDependencies(records: readonly InstallRecord[], inDroplet: (path: string) => boolean): InstalledDependency[] {
  return records.map(
    (r): InstalledDependency => ({
      name: r.name,
      version: r.version,
      buildpack: r.buildpack,
      path: inDroplet(r.path) ? r.path : `${r.path} (used to build, not in the droplet)`,
      ...(r.sha256 ? { sha256: r.sha256 } : {}),
      ...(r.uri ? { uri: r.uri } : {}),
      ...(r.source ? { source: r.source } : {}),
      ...(r.sourceSha256 ? { sourceSha256: r.sourceSha256 } : {}),
    }),
  );
}
