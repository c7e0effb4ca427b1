import { describe, expect, it } from 'vitest';
import { parseLockfile, parseRubyDirective } from './gemfile.ts';
import {
  UnsupportedEngineError,
  defaultRubyWarning,
  gemRequirementsToRange,
  matchRubyVersion,
  rubyRequest,
} from './ruby-version.ts';

const MANIFEST = ['3.1.3', '3.1.4', '3.2.1', '3.2.2', '3.3.6'];

function resolve(gemfile: string, files: Record<string, string> = {}, lock?: string): string | undefined {
  const directive = parseRubyDirective(gemfile);
  const { request } = rubyRequest({
    ...(directive ? { directive } : {}),
    ...(lock ? { lockfile: parseLockfile(lock) } : {}),
    readFile: (name) => files[name],
  });
  return request && matchRubyVersion(request, MANIFEST);
}

describe('gemRequirementsToRange (RubyGems semantics)', () => {
  it.each([
    [['3.2.4'], '3.2.4'],
    [['= 3.2.4'], '3.2.4'],
    [['3.2'], '3.2.0'],
    [['~> 3.2'], '>=3.2.0 <4.0.0'],
    [['~> 3.2.1'], '>=3.2.1 <3.3.0'],
    [['~> 3'], '>=3.0.0 <4.0.0'],
    [['>= 3.1', '< 3.3'], '>=3.1.0 <3.3.0'],
    [['> 3.1.3'], '>3.1.3'],
  ])('%j → %s', (reqs, range) => {
    expect(gemRequirementsToRange(reqs).range).toBe(range);
  });

  it('keeps != as exclusions', () => {
    expect(gemRequirementsToRange(['~> 3.2', '!= 3.2.2'])).toEqual({ range: '>=3.2.0 <4.0.0', excluded: ['3.2.2'] });
  });

  it('rejects what is not a requirement', () => {
    expect(() => gemRequirementsToRange(['three'])).toThrow(/unreadable/);
  });
});

describe('resolving against the manifest (highest match)', () => {
  it.each([
    ['ruby "3.2.1"', '3.2.1'],
    ['ruby "~> 3.2"', '3.3.6'],
    ['ruby "~> 3.1.0"', '3.1.4'],
    ['ruby ">= 3.1", "< 3.3"', '3.2.2'],
    ['ruby "~> 3.2", "!= 3.3.6"', '3.2.2'],
    ['ruby "3.2.9"', undefined],
    ['ruby "2.7.8"', undefined],
  ])('%s → %s', (gemfile, version) => {
    expect(resolve(gemfile)).toBe(version);
  });

  it('reads ruby file: and File.read(...) from the named file', () => {
    expect(resolve('ruby file: ".ruby-version"', { '.ruby-version': 'ruby-3.1.3\n' })).toBe('3.1.3');
    expect(resolve('ruby File.read(".ruby-version").strip', { '.ruby-version': '3.2\n' })).toBe('3.2.2');
  });

  it('falls back to Gemfile.lock RUBY VERSION (exact), then .ruby-version', () => {
    const lock = 'GEM\n  specs:\n\nRUBY VERSION\n   ruby 3.1.4p223\n';
    expect(resolve('gem "rack"', { '.ruby-version': '3.2.2' }, lock)).toBe('3.1.4');
    expect(resolve('ruby RUBY_VERSION', {}, lock)).toBe('3.1.4');
    expect(resolve('gem "rack"', { '.ruby-version': '3.2.1' })).toBe('3.2.1');
    expect(resolve('gem "rack"', { '.ruby-version': '3.1' })).toBe('3.1.4');
  });

  it('prefers the Gemfile directive over the lockfile and .ruby-version', () => {
    const lock = 'RUBY VERSION\n   ruby 3.1.3p185\n';
    expect(resolve('ruby "~> 3.2.0"', { '.ruby-version': '3.1.3' }, lock)).toBe('3.2.2');
  });

  it('asks for nothing when nothing names a Ruby, and says where a request came from', () => {
    expect(rubyRequest({ readFile: () => undefined })).toEqual({ warnings: [] });
    const { request } = rubyRequest({ directive: parseRubyDirective('ruby "~> 3.2"')!, readFile: () => undefined });
    expect(request).toMatchObject({ display: '~> 3.2', source: 'Gemfile' });
  });

  it('warns about a directive it cannot read and a missing file: target', () => {
    expect(rubyRequest({ directive: parseRubyDirective('ruby RUBY_VERSION')!, readFile: () => undefined }).warnings[0]).toMatch(
      /`ruby RUBY_VERSION` cannot be read without running Ruby/,
    );
    expect(rubyRequest({ directive: parseRubyDirective('ruby file: ".rv"')!, readFile: () => undefined }).warnings[0]).toMatch(
      /names \.rv, which does not exist/,
    );
  });

  it('refuses other engines', () => {
    expect(() => rubyRequest({ directive: parseRubyDirective('ruby "2.5.7", engine: "jruby"')!, readFile: () => undefined })).toThrow(
      UnsupportedEngineError,
    );
  });

  it("prints CF's text when defaulting", () => {
    expect(defaultRubyWarning('3.1.4')).toBe(
      'You have not declared a Ruby version in your Gemfile.\nDefaulting to 3.1.4\nSee http://docs.cloudfoundry.org/buildpacks/ruby/index.html#runtime for more information.',
    );
  });
});
