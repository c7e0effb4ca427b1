import { join } from 'node:path';
import { type Env, unsetDefaults } from '@bpkit/buildpack';

/** Where supply puts things in deps/<idx>, as CF's ruby-buildpack lays them out. */
export interface RubyLayout {
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

/**
 * deps/<idx>/env, for `bundle install`, later buildpacks and finalize: CF's defaults where the user set nothing
 * (supply.go CreateDefaultEnv); GEM_PATH and BUNDLE_PATH always, as they must name what supply installed.
 */
export function rubyEnv(env: Env, layout: RubyLayout, rubyVersion: string): Record<string, string> {
  return {
    ...unsetDefaults(env, {
      RAILS_ENV: 'production',
      RACK_ENV: 'production',
      RAILS_GROUPS: 'assets',
      BUNDLE_WITHOUT: 'development:test',
      BUNDLE_GEMFILE: 'Gemfile',
      BUNDLE_BIN: layout.binstubs,
      GEM_HOME: layout.gemHome,
      LANG: 'en_US.UTF-8',
    }),
    GEM_PATH: [layout.bundler, join(layout.vendorBundle, 'ruby', rubyAbi(rubyVersion)), layout.gemHome].join(':'),
    BUNDLE_PATH: layout.vendorBundle,
  };
}
