import { describe, expect, it } from 'vitest';
import { chooseNodeVersion, versionFileRange } from './node-version.ts';

const VERSIONS = ['18.20.8', '20.19.5', '20.20.2', '22.19.0', '22.23.3', '24.11.0'];
const DEFAULT = (): string => '22.23.3';
const choose = (request: Parameters<typeof chooseNodeVersion>[0]) => chooseNodeVersion(request, VERSIONS, DEFAULT);

describe('chooseNodeVersion', () => {
  it('takes the highest manifest version matching engines.node', () => {
    expect(choose({ engines: '20.x' })).toMatchObject({ version: '20.20.2', source: 'engines.node (package.json)', requested: '20.x' });
    expect(choose({ engines: '^20.19.0' }).version).toBe('20.20.2');
    expect(choose({ engines: '>=18 <21' }).version).toBe('20.20.2');
    expect(choose({ engines: '20.19.5' }).version).toBe('20.19.5');
    expect(choose({ engines: '18.x || 20.x' }).version).toBe('20.20.2');
    expect(choose({ engines: '~22.19' }).version).toBe('22.19.0');
  });

  it('prefers engines.node over .nvmrc over .node-version, and says so', () => {
    const all = choose({ engines: '20.x', nvmrc: '22\n', nodeVersion: '18' });
    expect(all).toMatchObject({ version: '20.20.2', source: 'engines.node (package.json)' });
    expect(all.warnings).toContain("Node version in .nvmrc ignored in favor of 'engines' field in package.json");

    const nvmrc = choose({ nvmrc: '22\n', nodeVersion: '18' });
    expect(nvmrc).toMatchObject({ version: '22.23.3', source: '.nvmrc', requested: '22' });
    expect(nvmrc.warnings).toEqual(['Using the node version specified in your .nvmrc See: http://docs.cloudfoundry.org/buildpacks/node/node-tips.html']);

    const nodeVersion = choose({ nodeVersion: 'v18.20' });
    expect(nodeVersion).toMatchObject({ version: '18.20.8', source: '.node-version' });
  });

  it('reads every .nvmrc form nvm knows', () => {
    expect(choose({ nvmrc: 'v20.19' }).version).toBe('20.19.5');
    expect(choose({ nvmrc: '20.19.5' }).version).toBe('20.19.5');
    expect(choose({ nvmrc: 'v20' }).version).toBe('20.20.2');
    expect(choose({ nvmrc: 'lts/iron' }).version).toBe('20.20.2');
    expect(choose({ nvmrc: 'lts/Jod' }).version).toBe('22.23.3');
    expect(choose({ nvmrc: 'lts/*' }).version).toBe('24.11.0');
    expect(choose({ nvmrc: 'node' }).version).toBe('24.11.0');
    expect(choose({ nvmrc: 'lts/*' }).warnings).toContain(
      '.nvmrc specified an lts version, this will be selected from versions available in manifest.yml',
    );
    expect(choose({ nvmrc: 'node' }).warnings).toContain(
      '.nvmrc specified latest node version, this will be selected from versions available in manifest.yml',
    );
  });

  it('lts/* means the newest LTS line the manifest has, never an odd (current) release', () => {
    expect(chooseNodeVersion({ nvmrc: 'lts/*' }, ['20.20.2', '22.23.3', '23.11.0'], DEFAULT).version).toBe('22.23.3');
  });

  it('falls back to the manifest default with CF’s warning when nothing asks for a version', () => {
    const choice = choose({});
    expect(choice).toEqual({
      version: '22.23.3',
      source: 'default (manifest.yml)',
      warnings: ['Node version not specified in package.json or .nvmrc. See: http://docs.cloudfoundry.org/buildpacks/node/node-tips.html'],
    });
    expect(choose({ engines: '  ', nvmrc: '\n' }).source).toBe('default (manifest.yml)');
  });

  it('warns about open ranges in engines.node as CF does', () => {
    expect(choose({ engines: '*' }).warnings).toContain(
      'Dangerous semver range (*) in engines.node. See: http://docs.cloudfoundry.org/buildpacks/node/node-tips.html',
    );
    const open = choose({ engines: '>=20' });
    expect(open.version).toBe('24.11.0');
    expect(open.warnings).toContain('Dangerous semver range (>) in engines.node. See: http://docs.cloudfoundry.org/buildpacks/node/node-tips.html');
    expect(choose({ engines: '20.x' }).warnings).toEqual([]);
  });

  it('fails when nothing matches, listing the versions the buildpack has', () => {
    expect(() => choose({ engines: '>=99' })).toThrow(
      'Unable to install node: no match found for >=99 (engines.node (package.json)) in [18.20.8 20.19.5 20.20.2 22.19.0 22.23.3 24.11.0]',
    );
    expect(() => choose({ nvmrc: '16' })).toThrow('no match found for 16 (.nvmrc) in [18.20.8');
    expect(() => choose({ nvmrc: 'lts/gallium' })).toThrow('no match found for lts/gallium (.nvmrc)');
  });

  it('explains engine strings that are not semver instead of "no match" (nodejs-buildpack #52)', () => {
    expect(() => choose({ engines: 'latest LTS please' })).toThrow(/engines\.node in package\.json is not a semver range: latest LTS please/);
  });

  it('rejects .nvmrc content nvm would not understand', () => {
    expect(() => versionFileRange('lts/argonaut', '.nvmrc')).toThrow(/unknown LTS release line lts\/argonaut/);
    expect(() => versionFileRange('twenty', '.node-version')).toThrow('Unable to load .node-version: invalid version twenty specified in .node-version');
    expect(versionFileRange('v20.x', '.nvmrc')).toEqual({ range: '20.x.x', kind: 'version' });
  });
});
