export type {
  DefaultVersion,
  DependencyRef,
  DeprecationDate,
  ManifestData,
  ManifestDependency,
  PackagingProfile,
  SubDependency,
  UrlToDependencyMapping,
} from './types.ts';
export { ManifestError } from './manifest-error.ts';
export { parseManifest } from './parse-manifest.ts';
export type { ParseOptions } from './parse-manifest.ts';
export { stringifyManifest } from './manifest-yaml.ts';
export { findMatchingVersion, isVersionRange, parseVersion, versionSatisfies } from './find-matching-version.ts';
export { DEFAULT_VERSIONS_ERROR } from './default-versions.ts';
export { dependencyMissingMessage } from './dependency-missing.ts';
export { outdatedDependencyWarning, warnNewerVersion } from './newer-version-warning.ts';
export type { VersionLine } from './newer-version-warning.ts';
export { endOfLifeWarning, warnEndOfLife } from './end-of-life-warning.ts';
export { mergeOverride, readOverrides } from './override.ts';
export type { Override } from './override.ts';
export { BuildpackManifest, loadManifest } from './buildpack-manifest.ts';
export type { BuildpackManifestOptions } from './buildpack-manifest.ts';
export { nearestVersion } from './nearest-version.ts';
export { type VersionAsk, availableVersionsLine, versionReason } from './version-reason.ts';
