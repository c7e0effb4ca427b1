export type { AppPackage, InstalledDependency, SbomInput } from './sbom-input.ts';
export { APP_LOCKFILES, readAppPackages } from './app-packages.ts';
export { cyclonedx } from './cyclonedx.ts';
export { spdx } from './spdx.ts';
export { sbomSummary } from './sbom-summary.ts';
export { INSTALL_RECORDS_VARIABLE, type InstallRecord } from './install-record.ts';
