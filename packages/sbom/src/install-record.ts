// The record bpkit's buildpack core writes for every dependency it installs during a staging, one JSON file each,
// into the directory bpkit's builder names in BPKIT_INSTALL_RECORDS (-outputSbom): what a droplet's SBOM lists as installed.
// Its own entry point (@bpkit/sbom/install-record), so the core bundles this contract and nothing else.
import type { InstalledDependency } from './sbom-input.ts';

export const INSTALL_RECORDS_VARIABLE = 'BPKIT_INSTALL_RECORDS';

/** One install: the manifest's facts about the dependency, which buildpack installed it and where it went. */
export type InstallRecord = Omit<InstalledDependency, 'licenses' | 'cpe' | 'purl'>;
