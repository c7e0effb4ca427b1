import { describe, expect, it } from 'vitest';
import { lockfileRefusal } from './unreadable-lockfile.ts';

const LOCK = `GEM
  remote: https://rubygems.org/
  specs:
    nokogiri (1.15.4-x86_64-linux)
      racc (~> 1.4)
    rack (3.0.8)
    rails (7.1.0.rc1)

PLATFORMS
  ruby

DEPENDENCIES
  rack (~> 3.0)!

RUBY VERSION
   ruby 3.2.2p53

BUNDLED WITH
   2.4.19
`;

const refusal = (text: string | Buffer, path = 'Gemfile.lock') => lockfileRefusal(Buffer.isBuffer(text) ? text : Buffer.from(text), path);

describe('lockfileRefusal', () => {
  it('reads what Bundler reads: platforms, prereleases, CRLF, lines it ignores', () => {
    expect(refusal(LOCK)).toBeUndefined();
    expect(refusal(LOCK.replace(/\n/g, '\r\n'))).toBeUndefined();
    expect(refusal('not a lockfile at all\n  just words (here)\n')).toBeUndefined();
    expect(refusal('')).toBeUndefined();
  });

  it('refuses merge conflicts with Bundler\'s message, naming the lock as Bundler does', () => {
    const conflicted = LOCK.replace('    rack (3.0.8)\n', '<<<<<<< HEAD\n    rack (3.0.8)\n=======\n    rack (3.0.9)\n>>>>>>> main\n');
    expect(refusal(conflicted, 'api/Gemfile.lock')).toBe(
      'Your api/Gemfile.lock contains merge conflicts.\nRun `git checkout HEAD -- api/Gemfile.lock` first to get a clean lock.',
    );
  });

  it('refuses bytes that are not UTF-8 and spec versions Gem::Version rejects, with the line', () => {
    expect(refusal(Buffer.from([0x47, 0x45, 0x4d, 0x0a, 0xff, 0xfe, 0x00, 0x89]))).toBe(
      'Your lockfile is unreadable. Run `rm Gemfile.lock` and then `bundle install` to generate a new lockfile. The error occurred while evaluating Gemfile.lock:1:1',
    );
    expect(refusal(LOCK.replace('rack (3.0.8)', 'rack (three)'))).toMatch(/evaluating Gemfile\.lock:6:1$/);
    // Outside a source section, and at six spaces (a dependency's requirement), versions are not parsed.
    expect(refusal(LOCK.replace('racc (~> 1.4)', 'racc (whatever)'))).toBeUndefined();
  });
});
