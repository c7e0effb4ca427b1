export type { BundleOptions, BundleResult } from './bundle-buildpack.ts';
export { bundleBuildpack, phaseEntry } from './bundle-buildpack.ts';
export { compileDetect, compileRule } from './compile-detect.ts';
export type { NodePhase } from './phase-scripts.ts';
export { nodePhaseScript, releaseScript } from './phase-scripts.ts';
export { makeStackPath } from './stack-path.ts';
export { type ScriptRun, runBin } from './run-bin.ts';
