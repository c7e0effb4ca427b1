export { ScaffoldError } from './scaffold-error.ts';
export { BUILDPACK_NAME, buildpackNames, validateBuildpackName } from './buildpack-name.ts';
export type { BuildpackNames } from './buildpack-name.ts';
export { bootstrapNode } from './bootstrap-node.ts';
export type { BootstrapNode } from './bootstrap-node.ts';
export { findWorkspaceRoot } from './workspace-root.ts';
export { scaffoldBuildpack } from './scaffold-buildpack.ts';
export type { ScaffoldOptions, ScaffoldResult } from './scaffold-buildpack.ts';
