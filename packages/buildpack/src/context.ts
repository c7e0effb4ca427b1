import type { Logger } from '@bpkit/log';
import type { BuildpackInfo } from './buildpack-info.ts';
import type { DepDir } from './dep-dir.ts';
import type { Dependencies } from './dependencies.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * What supply hands to finalize through deps/<idx>/config.yml (`config:`). Plain data: it is written as YAML
 * and read back, so it holds strings, numbers, booleans, lists and maps only.
 */
export type SuppliedConfig = { readonly [key: string]: ConfigValue };
export type ConfigValue = string | number | boolean | null | readonly ConfigValue[] | { readonly [key: string]: ConfigValue };

export interface DetectContext {
  buildDir: string;
  env: Env;
  buildpack: BuildpackInfo;
}

export interface SupplyContext {
  buildDir: string;
  cacheDir: string;
  depsDir: string;
  depsIdx: string;
  /** join(depsDir, depsIdx) */
  depDir: string;
  /** CF_STACK, '' when unset */
  stack: string;
  /** The staging environment: the platform's, plus what earlier buildpacks exported (deps/<i>/env, bin, lib). */
  env: Env;
  buildpack: BuildpackInfo;
  log: Logger;
  /**
   * Writers for deps/<idx>, for what a later step of the same phase needs on disk (a tool's bin/ link before the
   * tool runs). What is only for later buildpacks and launch is returned in the phase's result instead.
   */
  deps: DepDir;
  /** manifest.yml and the installer: resolve a version, then install it. Loaded on first call. */
  dependencies(): Promise<Dependencies>;
}

export interface FinalizeContext<Config extends SuppliedConfig = SuppliedConfig> extends SupplyContext {
  profileDir: string;
  /** What this buildpack's supply returned as `config` (read back from deps/<idx>/config.yml). */
  supplied: Partial<Config>;
}

/** What a phase leaves for later buildpacks and for launch; the core writes it into deps/<idx>. */
export interface Contributions {
  /** deps/<idx>/env/<NAME>: exported to later buildpacks' supply and to every finalize. */
  env?: Readonly<Record<string, string>>;
  /**
   * Exported when the app starts, as `export NAME="value"` in deps/<idx>/profile.d/<buildpack>-launch-env.sh:
   * `$DEPS_DIR`, `$HOME` and other shell parameters in a value expand then.
   */
  launchEnv?: Readonly<Record<string, string>>;
  /** deps/<idx>/profile.d/<name>: scripts sourced at launch before the app starts. */
  profileD?: Readonly<Record<string, string>>;
  /** deps/<idx>/bin/<name> → target (an absolute path; written as a relative link). */
  bin?: Readonly<Record<string, string>>;
  /** Every entry of each directory linked into deps/<idx>/bin (libbuildpack LinkDirectoryInDepDir). */
  binDirs?: readonly string[];
  /** Every entry of each directory linked into deps/<idx>/lib. */
  libDirs?: readonly string[];
}

export interface SupplyResult<Config extends SuppliedConfig = SuppliedConfig> extends Contributions {
  /** deps/<idx>/config.yml `config:`; finalize reads it as `ctx.supplied`. */
  config?: Config;
}

export interface FinalizeResult extends Contributions {
  /** Becomes the release's default_process_types */
  processes?: Record<string, string>;
}

export type DetectFn = (ctx: DetectContext) => Promise<string | false>;
export type SupplyFn<Config extends SuppliedConfig = SuppliedConfig> = (ctx: SupplyContext) => Promise<SupplyResult<Config> | void>;
export type FinalizeFn<Config extends SuppliedConfig = SuppliedConfig> = (
  ctx: FinalizeContext<Config>,
) => Promise<FinalizeResult | void>;
