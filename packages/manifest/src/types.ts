/** One `default_versions` entry: a dependency name and a version constraint (`1.23.x`, `22.x`). */
export interface DefaultVersion {
  name: string;
  version: string;
}

/** A `{name, version}` pair, as buildpacks ask for dependencies. */
export interface DependencyRef {
  name: string;
  version: string;
}

/** Sub-dependency listed under an entry (shown as "modules" by the packager summary). */
export interface SubDependency {
  name: string;
  version?: string;
}

/** One `dependencies` entry of manifest.yml. */
export interface ManifestDependency {
  name: string;
  /** Always a string: YAML numbers (`80`, `1.10`) are kept as written. */
  version: string;
  uri: string;
  sha256: string;
  cf_stacks?: string[];
  source?: string;
  source_sha256?: string;
  /** Set by the packager in cached zips; relative to the buildpack root (or absolute). */
  file?: string;
  dependencies?: SubDependency[];
}

export interface DeprecationDate {
  name: string;
  version_line: string;
  /** YYYY-MM-DD */
  date: string;
  link?: string;
  /** Regex; only read by the old Ruby tooling. */
  match?: string;
}

export interface UrlToDependencyMapping {
  match: string;
  name: string;
  version: string;
}

export interface PackagingProfile {
  description?: string;
  exclude?: string[];
}

/** The data of a buildpack's manifest.yml. Unknown top-level keys are kept as parsed. */
export interface ManifestData {
  language: string;
  default_versions: DefaultVersion[];
  dependencies: ManifestDependency[];
  dependency_deprecation_dates: DeprecationDate[];
  include_files?: string[];
  exclude_files?: string[];
  pre_package?: string;
  stack?: string;
  url_to_dependency_map?: UrlToDependencyMapping[];
  packaging_profiles?: Record<string, PackagingProfile>;
}
