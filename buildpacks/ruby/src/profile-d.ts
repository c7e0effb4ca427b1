import { rubyAbi } from './ruby-layout.ts';

export interface ProfileOptions {
  depsIdx: string;
  rubyVersion: string;
  bundleWithout: string;
  /** A Gemfile.lock was installed in deployment mode: keep Bundler frozen at launch too. */
  deployment: boolean;
  secretKeyBase?: string;
}

/**
 * deps/<idx>/profile.d/ruby.sh, sourced at launch (supply.go WriteProfileD). CF's version also runs three
 * `bundle config` commands on every start (a Ruby process each, to rewrite staging paths); Bundler reads the same
 * settings from BUNDLE_* variables, so this only exports.
 */
export function rubyProfileD(o: ProfileOptions): string {
  const dep = `$DEPS_DIR/${o.depsIdx}`;
  const lines = [
    'export LANG=${LANG:-en_US.UTF-8}',
    'export RAILS_ENV=${RAILS_ENV:-production}',
    'export RACK_ENV=${RACK_ENV:-production}',
    'export RAILS_SERVE_STATIC_FILES=${RAILS_SERVE_STATIC_FILES:-enabled}',
    'export RAILS_LOG_TO_STDOUT=${RAILS_LOG_TO_STDOUT:-enabled}',
    '',
    `export GEM_HOME=\${GEM_HOME:-${dep}/gem_home}`,
    `export GEM_PATH=\${GEM_PATH:-${dep}/vendor_bundle/ruby/${rubyAbi(o.rubyVersion)}:${dep}/gem_home:${dep}/bundler}`,
    '',
    'export BUNDLE_GEMFILE=${BUNDLE_GEMFILE:-$HOME/Gemfile}',
    `export BUNDLE_PATH=${dep}/vendor_bundle`,
    `export BUNDLE_BIN=${dep}/binstubs`,
    `export BUNDLE_WITHOUT=\${BUNDLE_WITHOUT:-${o.bundleWithout.replace(/[^A-Za-z0-9_:,-]/g, '')}}`,
  ];
  if (o.deployment) lines.push('export BUNDLE_DEPLOYMENT=${BUNDLE_DEPLOYMENT:-true}');
  if (o.secretKeyBase) lines.push('', `export SECRET_KEY_BASE=\${SECRET_KEY_BASE:-${o.secretKeyBase}}`);
  return `${lines.join('\n')}\n`;
}
