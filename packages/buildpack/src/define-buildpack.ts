import type { DetectSpec } from './detect.ts';

export interface BuildpackDefinition {
  detect: DetectSpec;
  /** Default process types for bin/release when finalize returns none. */
  release?: Record<string, string>;
}

export function defineBuildpack(def: BuildpackDefinition): BuildpackDefinition {
  return def;
}
