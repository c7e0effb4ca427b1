export { build, type BuildResult, type BuilderOptions, type DetectAttempt } from './builder/builder.ts';
export { builderCli, builderFlagSet } from './builder/builder-cli.ts';
export { buildpackDirName, cacheDirName, legacyBuildpackDirName, locateBuildpack } from './buildpack-bits/buildpack-dir.ts';
export { BUILDPACK_ZIP_LIMITS, BuildpackZipError, unzipBuildpack } from './buildpack-bits/unzip-buildpack.ts';
export type { BuildpackConfig, BuildpackMetadata } from './builder/deps-config-yml.ts';
export { launch, prepareLaunch, spawnLauncher, type LauncherOptions, type PreparedLaunch } from './launcher/launcher.ts';
export { launcherCli, launcherFlagSet } from './launcher/launcher-cli.ts';
export {
  launchEnvironment,
  LauncherError,
  resolveLaunchEnvironment,
  type LaunchEnvironmentOptions,
} from './launcher/launch-environment.ts';
export { launchScript, PRE_START_MESSAGE, START_MESSAGE } from './launcher/launch-script.ts';
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
} from './builder/lifecycle-error.ts';
export type { Sidecar, StagedProcess } from './builder/processes.ts';
export type { LifecycleMetadata, StagingResult } from './builder/staging-result.ts';
export type { StagingInfo } from './launcher/staging-info.ts';
export { xxh64, xxh64Hex } from './go-compat/xxhash64.ts';
export { type SupplyWatch, changedPaths, snapshotOutsideDeps } from './builder/supply-watch.ts';
export { segmentIndexPath } from './droplet/segmented-droplet.ts';
export { type GroupEvent, signalScriptGroups, watchScriptGroups } from './buildpack-scripts/script-groups.ts';
export { interruptible } from './buildpack-scripts/interruptible.ts';
