import { parseGemfileLock } from '@bpkit/app-files';
import { type Dependencies, NoMatchingVersionError, type ResolvedDependency, type SupplyContext, type VersionRequest } from '@bpkit/buildpack';
import { compareVersions, versionSatisfies } from '@bpkit/buildpack/versions';
import { describe, expect, it } from 'vitest';
import { parseRubyDirective } from './gemfile.ts';
import { defaultRubyWarning, gemRequirementsToRange, resolveRuby, rubyRequest } from './ruby-version.ts';

const MANIFEST = ['3.1.3', '3.1.4', '3.2.1', '3.2.2', '3.3.6'];
const none = async () => undefined;

/** The manifest side of deps.resolve: the highest version meeting the constraint that is not excluded. */
const fakeDeps = {
  versions: () => MANIFEST,
  async resolve(name: string, request?: VersionRequest): Promise<ResolvedDependency> {
    const r = request ?? { constraint: '3.1.x', source: 'manifest default' };
    const version = MANIFEST.filter((v) => !r.exclude?.includes(v) && versionSatisfies(v, r.constraint)).sort(compareVersions).at(-1);
    if (!version) throw new NoMatchingVersionError(name, r, MANIFEST, 'cflinuxfs4', '3.3.6');
    return { name, version, source: r.source, constraint: r.constraint, reason: '', versionLine: 'minor' };
  },
} as unknown as Dependencies;

async function resolve(gemfile: string, files: Record<string, string> = {}, lock?: string): Promise<string | undefined> {
  const { request } = await rubyRequest({
    directive: parseRubyDirective(gemfile),
    lockfile: lock ? parseGemfileLock(lock) : undefined,
    readFile: async (name) => files[name],
  });
  return request && (await fakeDeps.resolve('ruby', request).then((d) => d.version, () => undefined));
}

async function staged(gemfile: string): Promise<{ out: string; result: Promise<ResolvedDependency> }> {
  let out = '';
  const log = { info: (m: string) => (out += `${m}\n`), warning: (m: string) => (out += `WARNING ${m}\n`) } as unknown as SupplyContext['log'];
  const result = resolveRuby(fakeDeps, log, { directive: parseRubyDirective(gemfile), readFile: none });
  await result.catch(() => undefined);
  return { out, result };
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
    expect(gemRequirementsToRange(reqs).constraint).toBe(range);
  });

  it('keeps != as exclusions', () => {
    expect(gemRequirementsToRange(['~> 3.2', '!= 3.2.2'])).toEqual({ constraint: '>=3.2.0 <4.0.0', exclude: ['3.2.2'] });
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
  ])('%s → %s', async (gemfile, version) => {
    expect(await resolve(gemfile)).toBe(version);
  });

  it('reads ruby file: and File.read(...) from the named file', async () => {
    expect(await resolve('ruby file: ".ruby-version"', { '.ruby-version': 'ruby-3.1.3\n' })).toBe('3.1.3');
    expect(await resolve('ruby File.read(".ruby-version").strip', { '.ruby-version': '3.2\n' })).toBe('3.2.2');
  });

  it('falls back to Gemfile.lock RUBY VERSION (exact), then .ruby-version', async () => {
    const lock = 'GEM\n  specs:\n\nRUBY VERSION\n   ruby 3.1.4p223\n';
    expect(await resolve('gem "rack"', { '.ruby-version': '3.2.2' }, lock)).toBe('3.1.4');
    expect(await resolve('ruby RUBY_VERSION', {}, lock)).toBe('3.1.4');
    expect(await resolve('gem "rack"', { '.ruby-version': '3.2.1' })).toBe('3.2.1');
    expect(await resolve('gem "rack"', { '.ruby-version': '3.1' })).toBe('3.1.4');
  });

  it('prefers the Gemfile directive over the lockfile and .ruby-version', async () => {
    const lock = 'RUBY VERSION\n   ruby 3.1.3p185\n';
    expect(await resolve('ruby "~> 3.2.0"', { '.ruby-version': '3.1.3' }, lock)).toBe('3.2.2');
  });

  it('asks for nothing when nothing names a Ruby, and says where a request came from', async () => {
    expect(await rubyRequest({ readFile: none })).toEqual({ warnings: [] });
    const { request } = await rubyRequest({ directive: parseRubyDirective('ruby "~> 3.2"')!, readFile: none });
    expect(request).toMatchObject({ requested: '~> 3.2', source: 'Gemfile' });
  });

  it('warns about a directive it cannot read and a missing file: target', async () => {
    expect((await rubyRequest({ directive: parseRubyDirective('ruby RUBY_VERSION')!, readFile: none })).warnings[0]).toMatch(
      /`ruby RUBY_VERSION` cannot be read without running Ruby/,
    );
    expect((await rubyRequest({ directive: parseRubyDirective('ruby file: ".rv"')!, readFile: none })).warnings[0]).toMatch(
      /names \.rv, which does not exist/,
    );
  });

  it('refuses other engines', async () => {
    await expect(rubyRequest({ directive: parseRubyDirective('ruby "2.5.7", engine: "jruby"')!, readFile: none })).rejects.toMatchObject({
      message: 'Unable to determine ruby: Sorry, we do not support engine: jruby',
      exitCode: 14,
    });
  });

  it('says where the Ruby came from (the core logs it at install), and lists the versions when none matches', async () => {
    const found = await staged('ruby "~> 3.1.0"');
    expect(await found.result).toMatchObject({ version: '3.1.4', source: 'Gemfile' });
    await expect((await staged('ruby "~> 9.9"')).result).rejects.toMatchObject({
      message:
        'Unable to determine ruby: no match found for ~> 9.9 (from Gemfile) in [3.1.3 3.1.4 3.2.1 3.2.2 3.3.6]\n' +
        'Versions of ruby for cflinuxfs4: 3.1.3, 3.1.4, 3.2.1, 3.2.2, 3.3.6; nearest: 3.3.6',
      exitCode: 14,
    });
  });

  it("prints CF's text when defaulting", () => {
    expect(defaultRubyWarning('3.1.4')).toBe(
      'You have not declared a Ruby version in your Gemfile.\nDefaulting to 3.1.4\nSee http://docs.cloudfoundry.org/buildpacks/ruby/index.html#runtime for more information.',
    );
  });
});
