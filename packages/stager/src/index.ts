export { build, type BuildResult, type BuilderOptions } from './builder.ts';
export { builderCli, builderFlagSet } from './builder-cli.ts';
export { buildpackDirName, cacheDirName, legacyBuildpackDirName, locateBuildpack } from './buildpack-dir.ts';
export { BUILDPACK_ZIP_LIMITS, BuildpackZipError, unzipBuildpack } from './unzip-buildpack.ts';
export type { BuildpackConfig, BuildpackMetadata } from './buildpack-metadata.ts';
export { launch, prepareLaunch, spawnLauncher, type LauncherOptions, type PreparedLaunch } from './launcher.ts';
export { launcherCli, launcherFlagSet } from './launcher-cli.ts';
export {
  launchEnvironment,
  LauncherError,
  resolveLaunchEnvironment,
  type LaunchEnvironmentOptions,
} from './launch-environment.ts';
export { launchScript, PRE_START_MESSAGE, START_MESSAGE } from './launch-script.ts';
export {
  COMPILE_FAIL_CODE,
  DETECT_FAIL_CODE,
  RELEASE_FAIL_CODE,
  SUPPLY_FAIL_CODE,
  DETECT_FAIL_MSG,
  COMPILE_FAIL_MSG,
  RELEASE_FAIL_MSG,
  SUPPLY_FAIL_MSG,
  NO_SUPPLY_SCRIPT_FAIL_MSG,
  MISSING_FINALIZE_WARN_MSG,
} from './lifecycle-error.ts';
export type { Sidecar, StagedProcess } from './processes.ts';
export type { LifecycleMetadata, StagingResult } from './staging-result.ts';
export type { StagingInfo } from './staging-info.ts';
export { xxh64, xxh64Hex } from './xxhash64.ts';
export { type SupplyWatch, changedPaths, snapshotOutsideDeps } from './supply-watch.ts';
export { segmentIndexPath } from './segmented-droplet.ts';
export { type GroupEvent, signalScriptGroups, watchScriptGroups } from './script-groups.ts';
export { interruptible } from './interruptible.ts';
