export type { AppPackage, InstalledDependency, SbomInput } from './sbom-input.ts';
export { APP_LOCKFILES, readAppPackages } from './app-packages.ts';
export { cyclonedx } from './cyclonedx.ts';
export { spdx } from './spdx.ts';
export { sbomSummary } from './sbom-summary.ts';
export { INSTALL_RECORDS_VARIABLE, type InstallRecord } from './install-record.ts';
export {
  DROPLET_INSTALL_RECORDS_DIR,
  DROPLET_SBOM_DIR,
  DROPLET_SBOM_FILES,
  type SbomFormat,
  installedDependencies,
  parseInstallRecords,
  readInstallRecords,
} from './staged-sbom.ts';
export { BPKIT_TOOL, renderSbom } from './render-sbom.ts';
