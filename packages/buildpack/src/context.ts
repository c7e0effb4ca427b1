import type { Logger } from '@bpkit/log';
import type { BuildpackInfo } from './buildpack-info.ts';
import type { DepDir } from './dep-dir.ts';
import type { Dependencies } from './dependencies.ts';

export type Env = Readonly<Record<string, string | undefined>>;

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
  env: Env;
  buildpack: BuildpackInfo;
  log: Logger;
  deps: DepDir;
  /** manifest.yml (stack-checked, override.yml applied) and the dependency installer, loaded on first call. */
  dependencies(): Promise<Dependencies>;
}

export interface FinalizeContext extends SupplyContext {
  profileDir: string;
}

export interface SupplyResult {
  /** Written to deps/<idx>/config.yml under `config:` */
  config?: Record<string, unknown>;
}

export interface FinalizeResult {
  /** Becomes the release's default_process_types */
  processes?: Record<string, string>;
}

export type DetectFn = (ctx: DetectContext) => Promise<string | false>;
export type SupplyFn = (ctx: SupplyContext) => Promise<SupplyResult | void>;
export type FinalizeFn = (ctx: FinalizeContext) => Promise<FinalizeResult | void>;
