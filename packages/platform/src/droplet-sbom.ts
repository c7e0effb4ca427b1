// The SBOM of a droplet: what its buildpacks installed (the records bpkit's core wrote during staging, each with
// the manifest's sha256 and URLs) and what the app's lockfiles name. Written beside result.json after every staging,
// and made again from any droplet by `bpkit sbom`.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type AppPackage, type InstallRecord, type InstalledDependency, type SbomInput, cyclonedx, readAppPackages, spdx } from '@bpkit/sbom';
import { type DropletContents, readDropletContents } from './droplet-contents.ts';

export type SbomFormat = 'cyclonedx' | 'spdx';

/** The tool an SBOM names as its author. */
export const BPKIT_VERSION = '0.1.0';

/** Where a staged app keeps its last staging's install records, beside the droplet. */
export const INSTALL_RECORDS_DIR = 'installed';

/** Where a staged app's SBOMs are kept, beside its droplet and result.json. */
export const SBOM_FILES: Record<SbomFormat, string> = { cyclonedx: 'sbom.cdx.json', spdx: 'sbom.spdx.json' };

/** The JSON texts of an app's install records (none for a droplet staged elsewhere). */
export async function readInstallRecords(dir: string | undefined): Promise<string[]> {
  if (!dir) return [];
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')));
}

/** The install records, each marked by whether the droplet still holds it (Go's toolchain is build-time only). */
export function installedDependencies(records: string[], contents: DropletContents): InstalledDependency[] {
  const shipped = [...contents.files];
  return records.flatMap((text): InstalledDependency[] => {
    let r: InstallRecord;
    try {
      r = JSON.parse(text) as InstallRecord;
    } catch {
      return [];
    }
    const inDroplet = shipped.some((f) => f === r.path || f.startsWith(`${r.path}/`));
    return [
      {
        name: r.name,
        version: r.version,
        buildpack: r.buildpack,
        path: inDroplet ? r.path : `${r.path} (used to build, not in the droplet)`,
        ...(r.sha256 ? { sha256: r.sha256 } : {}),
        ...(r.uri ? { uri: r.uri } : {}),
        ...(r.source ? { source: r.source } : {}),
        ...(r.sourceSha256 ? { sourceSha256: r.sourceSha256 } : {}),
      },
    ];
  });
}

/** The app's packages from its source directory, else from the lockfiles the droplet kept. */
async function appPackages(contents: DropletContents, appSource: string | undefined): Promise<AppPackage[]> {
  if (appSource) return readAppPackages(appSource);
  const dir = await mkdtemp(join(tmpdir(), 'bpkit-sbom-app-'));
  try {
    for (const [file, text] of Object.entries(contents.appLockfiles)) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), text);
    }
    return await readAppPackages(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface DropletSbomOptions {
  droplet: string;
  appName: string;
  appGuid?: string;
  stack: string;
  /** The app as uploaded: its lockfiles are read there (a Go droplet keeps none). */
  appSource?: string;
  /** The staging's install records (see INSTALL_RECORDS_DIR). */
  recordsDir?: string;
  toolVersion: string;
}

export async function dropletSbomInput(options: DropletSbomOptions, contents?: DropletContents): Promise<SbomInput> {
  const read = contents ?? (await readDropletContents(options.droplet));
  return {
    appName: options.appName,
    ...(options.appGuid ? { appGuid: options.appGuid } : {}),
    stack: options.stack,
    createdAt: new Date(),
    installed: installedDependencies(await readInstallRecords(options.recordsDir), read),
    app: await appPackages(read, options.appSource),
    tool: { name: 'bpkit', version: options.toolVersion },
  };
}

export function renderSbom(input: SbomInput, format: SbomFormat): string {
  return `${JSON.stringify(format === 'spdx' ? spdx(input) : cyclonedx(input), null, 2)}\n`;
}

/** Writes both SBOMs into `dir` (the app's state dir, beside result.json). */
export async function writeDropletSboms(dir: string, options: DropletSbomOptions): Promise<void> {
  const input = await dropletSbomInput(options);
  for (const format of Object.keys(SBOM_FILES) as SbomFormat[]) await writeFile(join(dir, SBOM_FILES[format]), renderSbom(input, format));
}

export async function readKeptSbom(dir: string, format: SbomFormat): Promise<string | undefined> {
  return readFile(join(dir, SBOM_FILES[format]), 'utf8').catch(() => undefined);
}
