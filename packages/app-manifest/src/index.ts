export type {
  AppManifest,
  HealthCheckType,
  ManifestApp,
  ManifestVars,
  PushFlags,
  VarValue,
} from './app-manifest-types.ts';
export { ManifestError } from './manifest-error.ts';
export { interpolateVars } from './interpolate-vars.ts';
export { readVarsFiles } from './read-vars-files.ts';
export { parseVarFlags } from './parse-var-flags.ts';
export { readAppManifest } from './read-app-manifest.ts';
export { applyPushFlags } from './apply-push-flags.ts';
