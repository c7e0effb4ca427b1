/**
 * Exit codes the core itself fails with, as libbuildpack's buildpacks do (go-buildpack's numbers); each buildpack
 * keeps its own table in its exit-codes.ts.
 */
export const CORE_EXIT = {
  /** manifest.yml can't be read or is invalid */
  manifest: 9,
  /** the staging's CF_STACK is not in the manifest */
  stack: 10,
} as const;
