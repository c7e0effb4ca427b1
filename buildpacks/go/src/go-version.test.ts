import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGoMod } from '@bpkit/app-files';
import { BuildpackError, type Dependencies, lazyDependencies } from '@bpkit/buildpack';
import { buildTestManifest } from '@bpkit/dep-server';
import { bufferLogger } from '@bpkit/log';
import { type GoVersionSources, chooseGoVersion, goModMinimum, goVersionConstraint, goVersionParts } from './go-version.ts';

const VERSIONS = ['1.22.12', '1.23.8', '1.23.10', '1.24.4', '1.25.11'];

let work: string;
// The core's dependency service over a manifest with these go versions: default_versions go 1.23.x, or none.
let withDefault: Dependencies;
let withoutDefault: Dependencies;

async function dependencies(name: string, defaultVersions: Array<{ name: string; version: string }>): Promise<Dependencies> {
  const dir = join(work, name);
  await mkdir(dir);
  const goEntries = VERSIONS.map((version) => ({ name: 'go', version, file: `go${version}.tgz`, sha256: '0'.repeat(64) }));
  const manifest = await buildTestManifest({ language: 'go', root: dir, baseUrl: 'http://127.0.0.1:9', dependencies: goEntries, defaultVersions });
  await writeFile(join(dir, 'manifest.yml'), manifest);
  const { log } = bufferLogger();
  return lazyDependencies({ buildpackDir: dir, stack: 'cflinuxfs4', cacheDir: join(dir, 'cache'), depsDir: join(dir, 'deps'), log, env: {} }).get();
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bpkit-go-version-'));
  withDefault = await dependencies('default', [{ name: 'go', version: '1.23.x' }]);
  withoutDefault = await dependencies('no-default', []);
});
afterAll(() => rm(work, { recursive: true, force: true }));

function choose(env: Record<string, string>, app: GoVersionSources = {}, deps = withDefault) {
  return chooseGoVersion(deps, env, app);
}

async function failure(pending: Promise<unknown>): Promise<BuildpackError> {
  try {
    await pending;
  } catch (err) {
    expect(err).toBeInstanceOf(BuildpackError);
    return err as BuildpackError;
  }
  throw new Error('expected a BuildpackError');
}

describe('GOVERSION forms', () => {
  it.each([
    ['go1.23', '1.23.x'],
    ['1.23', '1.23.x'],
    ['1.23.x', '1.23.x'],
    ['go1.23.8', '1.23.8'],
    ['1.23.8', '1.23.8'],
    ['1', '1.x.x'],
    ['latest', 'latest'],
    ['>=1.24', '>=1.24'],
    [' go1.24 ', '1.24.x'],
  ])('%s → %s', (requested, constraint) => {
    expect(goVersionConstraint(requested)).toBe(constraint);
  });
});

describe('go.mod as a minimum', () => {
  it.each([
    ['go 1.19', '>=1.19.0'],
    ['go 1.21.0', '>=1.21.0'],
    ['go 1.21rc1', '>=1.21.0'],
    ['go 1.21\ntoolchain go1.22.3', '>=1.22.3'],
    ['go 1.23.1\ntoolchain go1.22.0', '>=1.23.1'],
  ])('%j → %s', (text, constraint) => {
    expect(goModMinimum(parseGoMod(`module x\n\n${text}\n`))).toBe(constraint);
  });

  it('has none without a go directive', () => {
    expect(goModMinimum(parseGoMod('module x\n'))).toBeUndefined();
  });
});

describe('chooseGoVersion', () => {
  it('GOVERSION wins over go.mod and the default, and resolves to the highest of its line', async () => {
    const go = await choose({ GOVERSION: 'go1.23' }, { goMod: parseGoMod('module x\ngo 1.24\n') });
    expect(go).toMatchObject({ version: '1.23.10', source: '$GOVERSION', constraint: '1.23.x' });
    expect(go.reason).toBe('$GOVERSION: go1.23');
  });

  it('GOVERSION may name an exact version', async () => {
    expect((await choose({ GOVERSION: '1.23.8' })).version).toBe('1.23.8');
  });

  it('GOVERSION=latest takes the highest', async () => {
    expect((await choose({ GOVERSION: 'latest' })).version).toBe('1.25.11');
  });

  it('reads go.mod as a minimum: the highest manifest Go at or above it, not just its own line', async () => {
    const go = await choose({}, { goMod: parseGoMod('module x\n\ngo 1.22\n') });
    expect(go).toMatchObject({ version: '1.25.11', source: 'go.mod', constraint: '>=1.22.0' });
    expect(go.reason).toBe('go.mod: go 1.22 (a minimum: the highest Go 1.22.0 or above)');
  });

  it('names the toolchain directive when go.mod has one', async () => {
    const go = await choose({}, { goMod: parseGoMod('module x\ngo 1.21\ntoolchain go1.23.9\n') });
    expect(go.reason).toBe('go.mod: go 1.21, toolchain go1.23.9 (a minimum: the highest Go 1.23.9 or above)');
  });

  it('a go.mod minimum above every manifest Go but its last still resolves', async () => {
    expect((await choose({}, { goMod: parseGoMod('module x\ngo 1.25.11\n') })).version).toBe('1.25.11');
  });

  it('an older go.mod (go 1.11) still gets the highest Go', async () => {
    expect((await choose({}, { goMod: parseGoMod('module x\ngo 1.11\n') })).version).toBe('1.25.11');
  });

  it('Godeps.json GoVersion is used when GOVERSION is unset', async () => {
    const go = await choose({}, { godeps: { ImportPath: 'example.com/app', GoVersion: 'go1.22' } });
    expect(go).toMatchObject({ version: '1.22.12', source: 'Godeps/Godeps.json' });
    expect(go.reason).toBe('Godeps/Godeps.json: GoVersion go1.22');
  });

  it('falls back to the manifest default without GOVERSION or a go directive', async () => {
    const go = await choose({}, { goMod: parseGoMod('module x\n') });
    expect(go).toMatchObject({ version: '1.23.10', source: 'manifest default', constraint: '1.23.x' });
    expect(go.reason).toBe('the manifest default: 1.23.x');
    expect((await choose({})).source).toBe('manifest default');
  });

  it('an empty GOVERSION counts as unset', async () => {
    expect((await choose({ GOVERSION: '' })).source).toBe('manifest default');
  });

  it('no match for GOVERSION: CF error listing the versions, exit 16', async () => {
    const err = await failure(choose({ GOVERSION: '1.99' }));
    expect(err.message).toBe(
      'Unable to determine Go version to install: no match found for 1.99.x in [1.22.12 1.23.8 1.23.10 1.24.4 1.25.11] (GOVERSION=1.99)\n' +
        'Versions of go for cflinuxfs4: 1.22.12, 1.23.8, 1.23.10, 1.24.4, 1.25.11; nearest: 1.25.11',
    );
    expect(err.exitCode).toBe(16);
  });

  it('no match for a go.mod minimum says what go.mod needs', async () => {
    const err = await failure(choose({}, { goMod: parseGoMod('module x\ngo 1.26\n') }));
    expect(err.message).toBe(
      'Unable to determine Go version to install: no match found for >=1.26.0 in [1.22.12 1.23.8 1.23.10 1.24.4 1.25.11] (go.mod needs Go 1.26.0 or newer)\n' +
        'Versions of go for cflinuxfs4: 1.22.12, 1.23.8, 1.23.10, 1.24.4, 1.25.11; nearest: 1.25.11',
    );
  });

  it('no default_versions for go: the manifest-misconfigured error, exit 16', async () => {
    const err = await failure(choose({}, {}, withoutDefault));
    expect(err.message).toContain("The buildpack manifest is misconfigured for 'default_versions'");
    expect(err.exitCode).toBe(16);
  });
});

describe('goVersionParts', () => {
  it.each([
    ['1.19', [1, 19, 0]],
    ['1.21.0', [1, 21, 0]],
    ['go1.22.3', [1, 22, 3]],
    ['1.21rc2', [1, 21, 0]],
  ])('%s', (v, parts) => {
    expect(goVersionParts(v)).toEqual(parts);
  });

  it('rejects what is not a Go version', () => {
    expect(goVersionParts('latest')).toBeUndefined();
  });
});
