import { describe, expect, it } from 'vitest';
import { BuildpackError } from '@bpkit/buildpack';
import { parseGoMod } from './go-mod.ts';
import { chooseGoVersion, goModMinimum, goVersionConstraint } from './go-version.ts';

const VERSIONS = ['1.22.12', '1.23.8', '1.23.10', '1.24.4', '1.25.11'];
const base = { env: {}, versions: VERSIONS, defaultConstraint: '1.23.x' };

function choose(input: Partial<Parameters<typeof chooseGoVersion>[0]>) {
  return chooseGoVersion({ ...base, ...input });
}

function failure(fn: () => unknown): BuildpackError {
  try {
    fn();
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
  it('GOVERSION wins over go.mod and the default, and resolves to the highest of its line', () => {
    const c = choose({ env: { GOVERSION: 'go1.23' }, goMod: parseGoMod('module x\ngo 1.24\n') });
    expect(c).toMatchObject({ version: '1.23.10', source: 'GOVERSION', constraint: '1.23.x' });
    expect(c.reason).toBe('Go 1.23.10 from $GOVERSION (go1.23)');
  });

  it('GOVERSION may name an exact version', () => {
    expect(choose({ env: { GOVERSION: '1.23.8' } }).version).toBe('1.23.8');
  });

  it('GOVERSION=latest takes the highest', () => {
    expect(choose({ env: { GOVERSION: 'latest' } }).version).toBe('1.25.11');
  });

  it('reads go.mod as a minimum: the highest manifest Go at or above it, not just its own line', () => {
    const c = choose({ goMod: parseGoMod('module x\n\ngo 1.22\n') });
    expect(c).toMatchObject({ version: '1.25.11', source: 'go.mod', constraint: '>=1.22.0' });
    expect(c.reason).toBe('Go 1.25.11 from go.mod (go 1.22: the highest Go 1.22.0 or above in this buildpack)');
  });

  it('a go.mod minimum above every manifest Go but its last still resolves', () => {
    expect(choose({ goMod: parseGoMod('module x\ngo 1.25.11\n') }).version).toBe('1.25.11');
  });

  it('an older go.mod (go 1.11) still gets the highest Go', () => {
    expect(choose({ goMod: parseGoMod('module x\ngo 1.11\n') }).version).toBe('1.25.11');
  });

  it('Godeps.json GoVersion is used when GOVERSION is unset', () => {
    expect(choose({ godepsGoVersion: 'go1.22' })).toMatchObject({ version: '1.22.12', source: 'Godeps' });
  });

  it('falls back to the manifest default without GOVERSION or a go directive', () => {
    const c = choose({ goMod: parseGoMod('module x\n') });
    expect(c).toMatchObject({ version: '1.23.10', source: 'default', constraint: '1.23.x' });
    expect(c.reason).toBe("Go 1.23.10, the buildpack's default (1.23.x)");
    expect(choose({}).source).toBe('default');
  });

  it('an empty GOVERSION counts as unset', () => {
    expect(choose({ env: { GOVERSION: '' } }).source).toBe('default');
  });

  it('no match for GOVERSION: CF error listing the versions, exit 16', () => {
    const err = failure(() => choose({ env: { GOVERSION: '1.99' } }));
    expect(err.message).toBe(
      'Unable to determine Go version to install: no match found for 1.99.x in [1.22.12 1.23.8 1.23.10 1.24.4 1.25.11] (GOVERSION=1.99)',
    );
    expect(err.exitCode).toBe(16);
  });

  it('no match for a go.mod minimum says what go.mod needs', () => {
    const err = failure(() => choose({ goMod: parseGoMod('module x\ngo 1.26\n') }));
    expect(err.message).toBe(
      'Unable to determine Go version to install: no match found for >=1.26.0 in [1.22.12 1.23.8 1.23.10 1.24.4 1.25.11] (go.mod needs Go 1.26.0 or newer)',
    );
  });

  it('no default_versions for go: the manifest-misconfigured error', () => {
    const err = failure(() => choose({ defaultConstraint: undefined }));
    expect(err.message).toContain("The buildpack manifest is misconfigured for 'default_versions'");
  });
});
