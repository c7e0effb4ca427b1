/**
 * What `bpkit new` writes:
 * - `code` (the default): src/supply.ts and src/finalize.ts, run on the Node the bootstrap finds or downloads, for a
 *   buildpack that computes at staging time (reads the app, chooses versions, installs dependencies, runs tools);
 * - `declarative`: src/buildpack.ts alone; bpkit-bundle compiles every phase to sh from its `supplies`, so the
 *   buildpack ships no Node and stages without starting one, for static contributions (env, launch env, profile.d).
 */
export const BUILDPACK_KINDS = ['code', 'declarative'] as const;
export type BuildpackKind = (typeof BUILDPACK_KINDS)[number];
export const DEFAULT_BUILDPACK_KIND: BuildpackKind = 'code';

export function isBuildpackKind(value: string): value is BuildpackKind {
  return (BUILDPACK_KINDS as readonly string[]).includes(value);
}
