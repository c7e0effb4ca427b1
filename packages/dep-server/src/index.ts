export { startDependencyServer } from './dependency-server.ts';
export type { DependencyServer, DependencyServerOptions, RequestRecord } from './dependency-server.ts';
export type { Fault } from './faults.ts';
export { buildTestManifest, sha256File } from './test-manifest.ts';
export type { TestDependency, TestManifestOptions } from './test-manifest.ts';
export { packTarXz, packTarball, packZip } from './archives.ts';
export { type CraftedEntry, craftZip, deflatedZeros } from './crafted-zip.ts';
