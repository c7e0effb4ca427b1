import { join } from 'node:path';
import type { Env } from '@bpkit/buildpack';

/** Where supply puts things in deps/<idx>, as CF's ruby-buildpack lays them out. */
export interface RubyLayout {
  depDir: string;
  ruby: string;
  bundler: string;
  /** BUNDLE_PATH: gems land in vendor_bundle/ruby/<abi>/ */
  vendorBundle: string;
  binstubs: string;
  gemHome: string;
  bin: string;
}

export function rubyLayout(depDir: string): RubyLayout {
  return {
    depDir,
    ruby: join(depDir, 'ruby'),
    bundler: join(depDir, 'bundler'),
    vendorBundle: join(depDir, 'vendor_bundle'),
    binstubs: join(depDir, 'binstubs'),
    gemHome: join(depDir, 'gem_home'),
    bin: join(depDir, 'bin'),
  };
}

/** Ruby's ABI directory name under gems: 3.2.4 → 3.2.0. */
export function rubyAbi(version: string): string {
  const [major = '0', minor = '0'] = version.split('.');
  return `${major}.${minor}.0`;
}

/** The Gemfile the app uses: $BUNDLE_GEMFILE (relative to the app) or Gemfile. */
export function gemfileName(env: Env): string {
  return env.BUNDLE_GEMFILE || 'Gemfile';
}

/** Defaults CF writes as env files only when the user has not set them (supply.go CreateDefaultEnv). */
export function defaultEnv(layout: RubyLayout): Record<string, string> {
  return {
    RAILS_ENV: 'production',
    RACK_ENV: 'production',
    RAILS_GROUPS: 'assets',
    BUNDLE_WITHOUT: 'development:test',
    BUNDLE_GEMFILE: 'Gemfile',
    BUNDLE_BIN: layout.binstubs,
    GEM_HOME: layout.gemHome,
    LANG: 'en_US.UTF-8',
  };
}

/** Set whatever the user set: GEM_PATH and BUNDLE_PATH must point at what supply installed (CF clobbers them too). */
export function installedEnv(layout: RubyLayout, rubyVersion: string): Record<string, string> {
  return {
    GEM_PATH: [layout.bundler, join(layout.vendorBundle, 'ruby', rubyAbi(rubyVersion)), layout.gemHome].join(':'),
    BUNDLE_PATH: layout.vendorBundle,
  };
}

/** The environment Ruby tools run in during staging: the staging env plus Ruby's own, Ruby first on PATH. */
export function rubyToolEnv(env: Env, layout: RubyLayout, rubyVersion: string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  for (const [k, v] of Object.entries(defaultEnv(layout))) if (!out[k]) out[k] = v;
  Object.assign(out, installedEnv(layout, rubyVersion));
  out.PATH = [layout.bin, env.PATH].filter(Boolean).join(':');
  return out;
}
