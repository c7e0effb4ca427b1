import type { Contributions, FinalizeFn, SuppliedConfig, SupplyFn } from './context.ts';
import type { DetectSpec } from './detect.ts';

/** What a supply with no code contributes: static values only (no paths of this staging, no bin links). */
export interface DeclaredSupply extends Pick<Contributions, 'env' | 'launchEnv' | 'profileD'> {
  /** deps/<idx>/config.yml `config:` */
  config?: SuppliedConfig;
}

export interface BuildpackDeclaration {
  detect: DetectSpec;
  /** Default process types for bin/release when finalize returns none. */
  release?: Record<string, string>;
  /**
   * What supply contributes when the buildpack has no src/supply.ts. A phase with no source file is compiled to
   * POSIX sh, so a buildpack without supply.ts and finalize.ts stages without starting (or shipping) Node.
   */
  supplies?: DeclaredSupply;
}

/**
 * A buildpack: its declaration (read at build time: detect compiles to sh, release to a static YAML) and the
 * types its phases share. `Config` is what supply returns as `config` and finalize reads as `ctx.supplied`.
 *
 * ```ts
 * // src/buildpack.ts
 * export default defineBuildpack<{ GoVersion: string }>({ detect: detect.when(detect.file('go.mod'), 'Go') });
 * // src/supply.ts
 * export default buildpack.supply(async (ctx) => ({ config: { GoVersion: '1.25.1' } }));
 * // src/finalize.ts
 * export default buildpack.finalize(async (ctx) => ({ processes: { web: `./bin/${ctx.supplied.GoVersion}` } }));
 * ```
 */
export interface BuildpackDefinition<Config extends SuppliedConfig = SuppliedConfig> extends BuildpackDeclaration {
  /** Types a supply function against this buildpack's Config (identity at run time). */
  supply(fn: SupplyFn<Config>): SupplyFn<Config>;
  /** Types a finalize function against this buildpack's Config (identity at run time). */
  finalize(fn: FinalizeFn<Config>): FinalizeFn<Config>;
}

export function defineBuildpack<Config extends SuppliedConfig = SuppliedConfig>(
  declaration: BuildpackDeclaration,
): BuildpackDefinition<Config> {
  return { ...declaration, supply: (fn) => fn, finalize: (fn) => fn };
}
