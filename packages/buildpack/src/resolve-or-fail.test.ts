import { describe, expect, it } from 'vitest';
import { BuildpackError } from './buildpack-error.ts';
import { type Dependencies, NoMatchingVersionError, type ResolvedDependency } from './dependencies.ts';
import { resolveOrFail } from './resolve-or-fail.ts';

const GO = { name: 'go', version: '1.23.4', source: 'go.mod', constraint: '>=1.22', reason: '', versionLine: 'minor' } as const;
const resolving = (outcome: () => ResolvedDependency): Pick<Dependencies, 'resolve'> => ({ resolve: async () => outcome() });
const failure = { exitCode: 16, noMatch: (err: NoMatchingVersionError) => `Unable to determine Go version to install: ${err.message} (go.mod)` };

describe('resolveOrFail', () => {
  it('returns what resolve chose', async () => {
    expect(await resolveOrFail(resolving(() => GO), 'go', { constraint: '>=1.22', source: 'go.mod' }, failure)).toBe(GO);
  });

  it('words a no-match in the buildpack’s terms, with its exit code, and adds the versions there are and the nearest', async () => {
    const noMatch = new NoMatchingVersionError('go', { constraint: '>=1.99', source: 'go.mod' }, ['1.22.1', '1.23.4'], 'cflinuxfs4', '1.23.4');
    const deps = resolving(() => {
      throw noMatch;
    });
    await expect(resolveOrFail(deps, 'go', noMatch.request, failure)).rejects.toMatchObject({
      message:
        'Unable to determine Go version to install: no match found for >=1.99 in [1.22.1 1.23.4] (go.mod)\n' +
        'Versions of go for cflinuxfs4: 1.22.1, 1.23.4; nearest: 1.23.4',
      exitCode: 16,
      cause: noMatch,
    });
  });

  it('keeps the core’s other messages (no default_versions entry) but exits with the buildpack’s code', async () => {
    const deps = resolving(() => {
      throw new BuildpackError("The buildpack manifest is misconfigured for 'default_versions'");
    });
    await expect(resolveOrFail(deps, 'go', undefined, failure)).rejects.toMatchObject({
      message: "The buildpack manifest is misconfigured for 'default_versions'",
      exitCode: 16,
    });
  });

  it('lets anything else through untouched', async () => {
    const bug = new TypeError('x is undefined');
    const deps = resolving(() => {
      throw bug;
    });
    await expect(resolveOrFail(deps, 'go', undefined, failure)).rejects.toBe(bug);
  });
});
