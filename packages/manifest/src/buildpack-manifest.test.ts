import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BuildpackManifest, loadManifest } from './buildpack-manifest.ts';
import { DEFAULT_VERSIONS_ERROR } from './default-versions.ts';
import { parseManifest } from './parse-manifest.ts';
import { bufferLogger } from '@bpkit/log';

const SHA = 'a'.repeat(64);
const WARN = '       \x1b[31;1m**WARNING**\x1b[0m ';

function entry(name: string, version: string, stacks: string[]): string {
  return `- name: ${name}\n  version: ${version}\n  uri: https://example.com/${name}_${version}.tgz\n  sha256: ${SHA}\n  cf_stacks: [${stacks.join(', ')}]\n`;
}

const TEXT =
  'language: ruby\ndefault_versions:\n- name: ruby\n  version: 3.2.x\n- name: node\n  version: 22.x\ndependencies:\n' +
  entry('ruby', '3.2.9', ['cflinuxfs4']) +
  entry('ruby', '3.2.10', ['cflinuxfs4']) +
  entry('ruby', '3.3.1', ['cflinuxfs4', 'cflinuxfs5']) +
  entry('ruby', '3.2.11', ['cflinuxfs5']) +
  entry('ruby', '3.4.0-preview1', ['cflinuxfs4']) +
  entry('node', '22.1.0', ['cflinuxfs4']) +
  entry('node', '20.5.0', ['cflinuxfs5']) +
  'dependency_deprecation_dates:\n' +
  '- {name: ruby, version_line: 3.2.x, date: 2026-03-31, link: https://www.ruby-lang.org/en/downloads/branches/}\n' +
  '- {name: ruby, version_line: 3.3.x, date: 2027-03-31}\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bpkit-manifest-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const manifest = (now = new Date('2026-01-01T00:00:00Z')): BuildpackManifest =>
  new BuildpackManifest(parseManifest(TEXT), { dir: '/bp', now: () => now });

describe('version resolution', () => {
  it('lists versions for the stack in manifest order', () => {
    const m = manifest();
    expect(m.allDependencyVersions('ruby', 'cflinuxfs4')).toEqual(['3.2.9', '3.2.10', '3.3.1', '3.4.0-preview1']);
    expect(m.allDependencyVersions('ruby', 'cflinuxfs5')).toEqual(['3.3.1', '3.2.11']);
    expect(m.allDependencyVersions('ruby', undefined)).toHaveLength(5);
    expect(m.allDependencyVersions('ruby', 'windows')).toEqual([]);
  });

  it('resolves the default to the highest match on the stack', () => {
    const m = manifest();
    expect(m.defaultVersion('ruby', 'cflinuxfs4')).toEqual({ name: 'ruby', version: '3.2.10' });
    expect(m.defaultVersion('ruby', 'cflinuxfs5')).toEqual({ name: 'ruby', version: '3.2.11' });
  });

  it('fails with libbuildpack wording when the default is missing or matches nothing on the stack', () => {
    const m = manifest();
    expect(() => m.defaultVersion('python', 'cflinuxfs4')).toThrow(`${DEFAULT_VERSIONS_ERROR}\nno default version for python`);
    expect(() => m.defaultVersion('node', 'cflinuxfs5')).toThrow(`${DEFAULT_VERSIONS_ERROR}\nno match found for 22.x in [20.5.0]`);
    m.data.default_versions.push({ name: 'ruby', version: '3.3.x' });
    expect(() => m.defaultVersion('ruby', 'cflinuxfs4')).toThrow('found 2 default versions for ruby');
  });

  it('finds entries by name, version and stack', () => {
    const m = manifest();
    expect(m.getEntry('ruby', '3.3.1', 'cflinuxfs5').uri).toBe('https://example.com/ruby_3.3.1.tgz');
    expect(() => m.getEntry('ruby', '3.2.9', 'cflinuxfs5')).toThrow(
      'DEPENDENCY MISSING IN MANIFEST:\n\nVersion 3.2.9 of dependency ruby is not supported by this buildpack.\n' +
        'The versions of ruby supported in this buildpack are:\n\t- 3.3.1\n\t- 3.2.11',
    );
    expect(() => m.getEntry('php', '8.0.0', 'cflinuxfs4')).toThrow(
      'DEPENDENCY MISSING IN MANIFEST:\n\nDependency php is not provided by this buildpack',
    );
  });

  it('checks stack support', () => {
    const m = manifest();
    expect(() => m.checkStackSupport('cflinuxfs5')).not.toThrow();
    expect(() => m.checkStackSupport('windows')).toThrow('required stack windows was not found');
    const packaged = new BuildpackManifest(parseManifest(`language: ruby\nstack: cflinuxfs4\ndependencies:\n- {name: ruby, version: 3.2.9, uri: u, sha256: ${SHA}}\n`));
    expect(() => packaged.checkStackSupport('cflinuxfs4')).not.toThrow();
    expect(() => packaged.checkStackSupport('cflinuxfs5')).toThrow('required stack cflinuxfs5 was not found');
    expect(packaged.allDependencyVersions('ruby', 'cflinuxfs4')).toEqual(['3.2.9']);
    expect(packaged.allDependencyVersions('ruby', 'cflinuxfs5')).toEqual([]);
    const binary = new BuildpackManifest(parseManifest('language: binary\ndependencies: []\n'));
    expect(() => binary.checkStackSupport('anything')).not.toThrow();
  });
});

describe('warnings', () => {
  it('points at a newer patch of the same minor line, or of the same major with "major"', () => {
    const { log, output } = bufferLogger();
    const m = manifest();
    m.warnNewerVersion({ name: 'ruby', version: '3.2.9' }, 'cflinuxfs4', log);
    m.warnNewerVersion({ name: 'ruby', version: '3.2.10' }, 'cflinuxfs4', log);
    expect(output()).toBe(
      `${WARN}A newer version of ruby is available in this buildpack. Please adjust your app to use version 3.2.10 instead of version 3.2.9 as soon as possible. Old versions of ruby are only provided to assist in migrating to newer versions.\n`,
    );
    const major = bufferLogger();
    m.warnNewerVersion({ name: 'ruby', version: '3.2.10' }, 'cflinuxfs4', major.log, 'major');
    expect(major.output()).toContain('use version 3.3.1 instead of version 3.2.10');
  });

  it('flags pre-release versions', () => {
    const { log, output } = bufferLogger();
    manifest().warnNewerVersion({ name: 'ruby', version: '3.4.0-preview1' }, 'cflinuxfs4', log);
    expect(output()).toBe(`${WARN}You are using the pre-release version 3.4.0-preview1 of ruby\n`);
  });

  it('warns about end of life within 30 days (and after), with the link', () => {
    const early = bufferLogger();
    manifest(new Date('2026-02-28T00:00:00Z')).warnEndOfLife({ name: 'ruby', version: '3.2.10' }, early.log);
    expect(early.output()).toBe('');
    const soon = bufferLogger();
    manifest(new Date('2026-03-02T00:00:01Z')).warnEndOfLife({ name: 'ruby', version: '3.2.10' }, soon.log);
    expect(soon.output()).toBe(
      `${WARN}ruby 3.2.x will no longer be available in new buildpacks released after 2026-03-31.\n       See: https://www.ruby-lang.org/en/downloads/branches/\n`,
    );
    const late = bufferLogger();
    manifest(new Date('2027-04-01T00:00:00Z')).warnEndOfLife({ name: 'ruby', version: '3.3.1' }, late.log);
    expect(late.output()).toBe(`${WARN}ruby 3.3.x will no longer be available in new buildpacks released after 2027-03-31.\n`);
  });

  it('tracks the buildpack version in the app cache', async () => {
    await writeFile(join(dir, 'VERSION'), '1.2.3\n');
    await writeFile(join(dir, 'manifest.yml'), TEXT);
    const cache = join(dir, 'cache');
    await mkdir(cache);
    const m = await loadManifest(join(dir, 'manifest.yml'));
    expect(await m.version()).toBe('1.2.3');

    const first = bufferLogger();
    await m.checkBuildpackVersion(cache, first.log);
    expect(first.output()).toBe('');
    // As the core's writeStagedByMetadata leaves it after the staging.
    await writeFile(join(cache, 'BUILDPACK_METADATA'), 'language: ruby\nversion: 1.2.3\n');

    await writeFile(join(dir, 'VERSION'), '1.2.4');
    const second = bufferLogger();
    await m.checkBuildpackVersion(cache, second.log);
    expect(second.output()).toBe(`${WARN}buildpack version changed from 1.2.3 to 1.2.4\n`);

    await writeFile(join(cache, 'BUILDPACK_METADATA'), 'language: go\nversion: 0.0.1\n');
    const other = bufferLogger();
    await m.checkBuildpackVersion(cache, other.log);
    expect(other.output()).toBe('');
  });
});

describe('override.yml', () => {
  it('replaces defaults by name and appends entries that win lookups', async () => {
    const deps = join(dir, 'deps');
    await mkdir(join(deps, '0'), { recursive: true });
    await mkdir(join(deps, '1'), { recursive: true });
    await writeFile(
      join(deps, '0', 'override.yml'),
      `ruby:\n  default_versions:\n  - {name: ruby, version: 9.9.9}\n  - {name: bundler, version: 2.x}\n  dependencies:\n` +
        `  - {name: ruby, version: 9.9.9, uri: 'file:///x/ruby.tgz', sha256: ${'b'.repeat(64)}, cf_stacks: [cflinuxfs4]}\n` +
        `  - {name: bundler, version: 2.5.0, uri: 'https://x/bundler.tgz', sha256: ${'b'.repeat(64)}, cf_stacks: [cflinuxfs4]}\n` +
        `  - {name: ruby, version: 3.2.9, uri: 'https://mirror/ruby.tgz', sha256: ${'c'.repeat(64)}, cf_stacks: [cflinuxfs4]}\n`,
    );
    await writeFile(join(deps, '1', 'override.yml'), 'go:\n  default_versions:\n  - {name: go, version: 1.x}\n');
    await writeFile(join(dir, 'manifest.yml'), TEXT);
    const m = await loadManifest(join(dir, 'manifest.yml'));
    expect(await m.applyOverride(deps)).toEqual([join(deps, '0', 'override.yml')]);
    expect(m.defaultVersion('ruby', 'cflinuxfs4')).toEqual({ name: 'ruby', version: '9.9.9' });
    expect(m.defaultVersion('bundler', 'cflinuxfs4')).toEqual({ name: 'bundler', version: '2.5.0' });
    expect(m.getEntry('ruby', '3.2.9', 'cflinuxfs4').uri).toBe('https://mirror/ruby.tgz');
    expect(m.data.default_versions.some((d) => d.name === 'go')).toBe(false);
  });

  it('rejects an invalid override naming the file and entry', async () => {
    const deps = join(dir, 'deps');
    await mkdir(join(deps, '0'), { recursive: true });
    await writeFile(join(deps, '0', 'override.yml'), 'ruby:\n  dependencies:\n  - {name: ruby, version: 1.0.0, uri: u}\n');
    const m = manifest();
    await expect(m.applyOverride(deps)).rejects.toThrow(`${join(deps, '0', 'override.yml')}: ruby.dependencies[0] (ruby 1.0.0): missing sha256`);
  });
});

describe('loading', () => {
  it('reports unreadable files', async () => {
    await expect(loadManifest(join(dir, 'nope.yml'))).rejects.toThrow(`${join(dir, 'nope.yml')}: cannot read manifest: ENOENT`);
  });

  it('resolves vendored file paths against the buildpack root', () => {
    const m = manifest();
    expect(m.filePath({ ...m.data.dependencies[0]!, file: 'dependencies/abc/ruby.tgz' })).toBe('/bp/dependencies/abc/ruby.tgz');
    expect(m.filePath(m.data.dependencies[0]!)).toBeUndefined();
  });
});
