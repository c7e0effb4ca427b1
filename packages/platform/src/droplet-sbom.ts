// The SBOM of a droplet. bpkit's builder writes it into every droplet it stages (`.bpkit/`, see @bpkit/sbom's
// staged-sbom.ts) and the platform keeps a copy beside result.json; a droplet staged elsewhere gets one made from
// its lockfiles (what its buildpacks installed is then unknown).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type AppPackage, BPKIT_TOOL, type SbomFormat, type SbomInput, installedDependencies, parseInstallRecords, readAppPackages } from '@bpkit/sbom';
import { type DropletContents, readDropletContents } from './droplet-contents.ts';

/** Where a staged app's SBOMs are kept, beside its droplet and result.json (the builder's -outputSbom names). */
export const SBOM_FILES: Record<SbomFormat, string> = { cyclonedx: 'sbom.cdx.json', spdx: 'sbom.spdx.json' };

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
}

/** An SBOM's input from the droplet itself: the install records it keeps, the app's lockfiles. */
export async function dropletSbomInput(options: DropletSbomOptions, contents?: DropletContents): Promise<SbomInput> {
  const read = contents ?? (await readDropletContents(options.droplet));
  const shipped = [...read.files];
  return {
    appName: options.appName,
    ...(options.appGuid ? { appGuid: options.appGuid } : {}),
    stack: options.stack,
    createdAt: new Date(),
    installed: installedDependencies(parseInstallRecords(read.installRecords), (path) => shipped.some((f) => f === path || f.startsWith(`${path}/`))),
    app: await appPackages(read, options.appSource),
    tool: BPKIT_TOOL,
  };
}

export async function readKeptSbom(dir: string, format: SbomFormat): Promise<string | undefined> {
  return readFile(join(dir, SBOM_FILES[format]), 'utf8').catch(() => undefined);
}
