// bpkit's addition to the builder (`-outputSbom`): the droplet's SBOM, written into the droplet before it is packed.
// bpkit's buildpacks record each install into the directory named by BPKIT_INSTALL_RECORDS; other buildpacks
// record nothing and their installs are simply not listed. The app's packages are read as pushed, before any
// buildpack runs (Go's leaves no go.mod in the droplet).
import { copyFile, cp, lstat, mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  type AppPackage,
  BPKIT_TOOL,
  DROPLET_INSTALL_RECORDS_DIR,
  DROPLET_SBOM_FILES,
  INSTALL_RECORDS_VARIABLE,
  type SbomFormat,
  installedDependencies,
  parseInstallRecords,
  readAppPackages,
  readInstallRecords,
  renderSbom,
} from '@bpkit/sbom';

export interface DropletSbomPlan {
  recordsDir: string;
  appPackages: AppPackage[];
}

/** Before the buildpacks: where they record installs (set in `env`) and the app's packages as pushed. */
export async function planDropletSbom(buildDir: string, recordsDir: string, env: Record<string, string>): Promise<DropletSbomPlan> {
  await mkdir(recordsDir, { recursive: true });
  env[INSTALL_RECORDS_VARIABLE] = recordsDir;
  return { recordsDir, appPackages: await readAppPackages(buildDir).catch(() => []) };
}

export interface DropletSbomPlace {
  contentsDir: string;
  /** The app, until packing moves it to contents/app. */
  buildDir: string;
  outputDir: string;
  env: Readonly<Record<string, string>>;
}

/** After release: both documents and the records into the droplet's `.bpkit/`, the documents also into outputDir. */
export async function writeDropletSbom(plan: DropletSbomPlan, place: DropletSbomPlace): Promise<void> {
  const records = parseInstallRecords(await readInstallRecords(plan.recordsDir));
  // The app is still at buildDir: packing moves it to contents/app.
  const onDisk = (path: string): string => (path === 'app' || path.startsWith('app/') ? join(place.buildDir, path.slice('app'.length)) : join(place.contentsDir, path));
  const held = await Promise.all(records.map((r) => lstat(onDisk(r.path)).then(() => r.path, () => undefined)));
  const present = new Set(held);
  const vcap = vcapApplication(place.env['VCAP_APPLICATION']);
  const input = {
    appName: vcap.name ?? 'app',
    ...(vcap.guid ? { appGuid: vcap.guid } : {}),
    stack: place.env['CF_STACK'] || 'cflinuxfs4',
    createdAt: new Date(),
    installed: installedDependencies(records, (p) => present.has(p)),
    app: plan.appPackages,
    tool: BPKIT_TOOL,
  };
  await mkdir(join(place.contentsDir, DROPLET_INSTALL_RECORDS_DIR), { recursive: true });
  await cp(plan.recordsDir, join(place.contentsDir, DROPLET_INSTALL_RECORDS_DIR), { recursive: true });
  await mkdir(place.outputDir, { recursive: true });
  for (const format of Object.keys(DROPLET_SBOM_FILES) as SbomFormat[]) {
    const inside = join(place.contentsDir, DROPLET_SBOM_FILES[format]);
    await writeFile(inside, renderSbom(input, format));
    await copyFile(inside, join(place.outputDir, basename(DROPLET_SBOM_FILES[format])));
  }
}

function vcapApplication(text: string | undefined): { name?: string; guid?: string } {
  try {
    const v = JSON.parse(text ?? '{}') as { name?: unknown; application_id?: unknown };
    return { ...(typeof v.name === 'string' ? { name: v.name } : {}), ...(typeof v.application_id === 'string' ? { guid: v.application_id } : {}) };
  } catch {
    return {};
  }
}
