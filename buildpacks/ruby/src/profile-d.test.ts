import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { rubyProfileD } from './profile-d.ts';

function source(script: string, env: Record<string, string>): Record<string, string> {
  const out = execFileSync('sh', ['-c', `${script}\nenv`], { env: { PATH: '/usr/bin:/bin', ...env }, encoding: 'utf8' });
  return Object.fromEntries(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

describe('profile.d/ruby.sh', () => {
  const script = rubyProfileD({ depsIdx: '2', rubyVersion: '3.2.4', bundleWithout: 'development:test', deployment: true });

  it('points Ruby and Bundler at $DEPS_DIR/<idx> with CF defaults', () => {
    const env = source(script, { DEPS_DIR: '/home/vcap/deps', HOME: '/home/vcap/app' });
    expect(env).toMatchObject({
      LANG: 'en_US.UTF-8',
      RAILS_ENV: 'production',
      RACK_ENV: 'production',
      RAILS_SERVE_STATIC_FILES: 'enabled',
      RAILS_LOG_TO_STDOUT: 'enabled',
      GEM_HOME: '/home/vcap/deps/2/gem_home',
      GEM_PATH: '/home/vcap/deps/2/vendor_bundle/ruby/3.2.0:/home/vcap/deps/2/gem_home:/home/vcap/deps/2/bundler',
      BUNDLE_GEMFILE: '/home/vcap/app/Gemfile',
      BUNDLE_PATH: '/home/vcap/deps/2/vendor_bundle',
      BUNDLE_BIN: '/home/vcap/deps/2/binstubs',
      BUNDLE_WITHOUT: 'development:test',
      BUNDLE_DEPLOYMENT: 'true',
    });
    expect(env.SECRET_KEY_BASE).toBeUndefined();
  });

  it("keeps the user's values and runs no Ruby at launch", () => {
    const env = source(script, { DEPS_DIR: '/d', HOME: '/h', RACK_ENV: 'staging', LANG: 'C.UTF-8', BUNDLE_WITHOUT: 'test' });
    expect(env).toMatchObject({ RACK_ENV: 'staging', LANG: 'C.UTF-8', BUNDLE_WITHOUT: 'test' });
    expect(script).not.toMatch(/bundle config|ruby /);
  });

  it('exports a SECRET_KEY_BASE default for Rails', () => {
    const rails = rubyProfileD({ depsIdx: '0', rubyVersion: '3.1.2', bundleWithout: 'x', deployment: false, secretKeyBase: 'ab12' });
    expect(source(rails, { DEPS_DIR: '/d', HOME: '/h' }).SECRET_KEY_BASE).toBe('ab12');
    expect(source(rails, { DEPS_DIR: '/d', HOME: '/h', SECRET_KEY_BASE: 'mine' }).SECRET_KEY_BASE).toBe('mine');
    expect(rails).not.toContain('BUNDLE_DEPLOYMENT');
  });
});
