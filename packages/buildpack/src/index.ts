export type { BuildpackInfo } from './buildpack-info.ts';
export { readBuildpackInfo, titleCase, manifestLanguage } from './buildpack-info.ts';
export type {
  Env,
  SuppliedConfig,
  ConfigValue,
  Contributions,
  DetectContext,
  SupplyContext,
  FinalizeContext,
  SupplyResult,
  FinalizeResult,
  DetectFn,
  SupplyFn,
  FinalizeFn,
} from './context.ts';
export { BuildpackError } from './buildpack-error.ts';
export type { PhaseIO } from './phases.ts';
export { detectPhase, supplyPhase, finalizePhase, compilePhase } from './phases.ts';
export { runDetect, runSupply, runFinalize, runCompile } from './run-phase.ts';
export { DepDir, configYml } from './dep-dir.ts';
export type { ConfigYml } from './dep-dir.ts';
export { stagingEnvironment } from './staging-environment.ts';
export { writeLaunchEnvironment, multiSupplyScript, MULTI_SUPPLY_SCRIPT } from './launch-environment.ts';
export { releaseYaml, RELEASE_FILE } from './release.ts';
export type { DetectRule, DetectSpec } from './detect.ts';
export { detect } from './detect.ts';
export type { BuildpackDeclaration, BuildpackDefinition, DeclaredSupply } from './define-buildpack.ts';
export { defineBuildpack } from './define-buildpack.ts';
export {
  type Dependencies,
  type InstallOptions,
  type ResolveOptions,
  type ResolvedDependency,
  type VersionRequest,
  NoMatchingVersionError,
  lazyDependencies,
} from './dependencies.ts';
export { CORE_EXIT } from './exit-codes.ts';
export { STAGED_BY_FILE, stagedByMetadataYml } from './staged-by-metadata.ts';
export { COMPILE_DEPS_DIR_SCRIPT } from './compile-deps-dir.ts';
export { launchEnvScript } from './write-contributions.ts';
export { usageLine } from './phase-args.ts';
export { runIndented } from './run-indented.ts';
export { readYamlFile } from './read-yaml-file.ts';
export { type CachedTrees, TreeCache } from './tree-cache.ts';
export { rethrowAs } from './rethrow-as.ts';
export { type ResolveFailure, resolveOrFail } from './resolve-or-fail.ts';
export { versionLineRange } from './version-line-range.ts';
export { displayCommand } from './display-command.ts';
export { readOptionalFile } from './read-optional-file.ts';
export { unsetDefaults } from './unset-defaults.ts';
export { hoistSingleDirectory } from './hoist-single-directory.ts';
export { sha256 } from './sha256.ts';
export { type TreeRestore, restoreFittingTrees } from './restore-fitting-trees.ts';
