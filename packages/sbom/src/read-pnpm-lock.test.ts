import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPnpmLock } from './read-pnpm-lock.ts';

const V9 = `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      '@shop/ui':
        specifier: workspace:*
        version: link:packages/ui
      express:
        specifier: ^4.19.2
        version: 4.19.2
      react-dom:
        specifier: ^18.3.1
        version: 18.3.1(react@18.3.1)
      local-lib:
        specifier: file:vendor/local-lib
        version: file:vendor/local-lib
    devDependencies:
      '@types/node':
        specifier: ^20.12.7
        version: 20.12.7

packages:

  '@types/node@20.12.7':
    resolution: {integrity: sha512-wq0cICSkRLVaf3UGLMGItu/PtdY7oaXaI/RVU+xliKVOtRna3PRY57ZDfztpDL0n11vfymMUnXv8QwYCO7L1wg==}

  express@4.19.2:
    resolution: {integrity: sha512-5T6nhjsT+EOMzuck8JjBHARTHfMht0POzlA60WV2pMD3gyXw2LZnZ+ueGdNxG+0calOJcWKbpFcuzLZ91YWq9Q==}
    engines: {node: '>= 0.10.0'}

  react-dom@18.3.1:
    resolution: {integrity: sha512-5m4nQKp+rZRb09LNH59GM4BxTh9251/ylbKIbpe7TpGxfJ+9kv6BLkLBXIjjspbgbnIBNqlI23tRnTWT0snUIw==}
    peerDependencies:
      react: ^18.3.1

  react@18.3.1:
    resolution: {integrity: sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ==}
    engines: {node: '>=0.10.0'}

  left-pad@https://codeload.github.com/left-pad/left-pad/tar.gz/5f5e3bcd8d4c0ed7f8b6f61e6d6b8f0fa4e4bd02:
    resolution: {tarball: https://codeload.github.com/left-pad/left-pad/tar.gz/5f5e3bcd8d4c0ed7f8b6f61e6d6b8f0fa4e4bd02}
    version: 1.3.0

  local-lib@file:vendor/local-lib:
    resolution: {directory: vendor/local-lib, type: directory}

snapshots:

  '@types/node@20.12.7': {}

  express@4.19.2: {}

  react-dom@18.3.1(react@18.3.1):
    dependencies:
      react: 18.3.1

  react@18.3.1: {}
`;

const V6 = `lockfileVersion: '6.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

dependencies:
  '@emotion/react':
    specifier: ^11.11.4
    version: 11.11.4(react@18.2.0)
  react:
    specifier: ^18.2.0
    version: 18.2.0
  tiny-lib:
    specifier: github:acme/tiny-lib
    version: github.com/acme/tiny-lib/0e1b2c3d4e5f

packages:

  /@emotion/react@11.11.4(react@18.2.0):
    resolution: {integrity: sha512-t8AjMlF0gHpvvxk5mAtCqR4vmxiGHCeJBaQO6gncUSdklELOgtwjerNY2yuJNfwnc6vi16U/+uMF+afIawJ9iw==}
    peerDependencies:
      react: '>=16.8.0'
    dependencies:
      react: 18.2.0
    dev: false

  /react@18.2.0:
    resolution: {integrity: sha512-/3IjMdb2L9QbBdWiW5e3P2/npwMBaU9mHCSCUzNln0ZCYbcfTsGbTJrU/kGemdH2IWmB2ioZ+zkxtmq6g09fGQ==}
    engines: {node: '>=0.10.0'}
    dev: false

  /typescript@5.4.5:
    resolution: {integrity: sha512-vcI4UpRgg81oIRUFwR0WSIHKt11nJ7SAVlYNIu+QpqeyXP+gpQJy/Z4+F0aGxSE4MqwjyXvW/TzgkLAx2AGHwQ==}
    engines: {node: '>=14.17'}
    hasBin: true
    dev: true

  github.com/acme/tiny-lib/0e1b2c3d4e5f:
    resolution: {tarball: https://codeload.github.com/acme/tiny-lib/tar.gz/0e1b2c3d4e5f}
    name: tiny-lib
    version: 2.0.0
    dev: false
`;

const V5 = `lockfileVersion: 5.4

specifiers:
  '@emotion/react': ^11.10.5
  react: ^18.2.0

dependencies:
  '@emotion/react': 11.10.5_react@18.2.0
  react: 18.2.0

packages:

  /@emotion/react/11.10.5_react@18.2.0:
    resolution: {integrity: sha512-TZs6235tCJ/7iF6/rvTaOH4oxQg2gMAcdHemjwLKIjKz4rRuYe1HJ2TQJKnAcRAfOUDdU8XoDadCe1rl72iv8A==}
    dev: false

  /react/18.2.0:
    resolution: {integrity: sha512-/3IjMdb2L9QbBdWiW5e3P2/npwMBaU9mHCSCUzNln0ZCYbcfTsGbTJrU/kGemdH2IWmB2ioZ+zkxtmq6g09fGQ==}
    dev: false
`;

describe('pnpm-lock.yaml', () => {
  let app: string;
  beforeEach(async () => {
    app = await mkdtemp(join(tmpdir(), 'bpkit-sbom-pnpm-'));
  });
  afterEach(() => rm(app, { recursive: true, force: true }));

  const read = async (text: string) => {
    await writeFile(join(app, 'pnpm-lock.yaml'), text);
    return readPnpmLock(app);
  };

  it('v9: name@version keys, tarball versions from the entry, not directories', async () => {
    const packages = await read(V9);
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual(['@types/node@20.12.7', 'express@4.19.2', 'react-dom@18.3.1', 'react@18.3.1', 'left-pad@1.3.0']);
    expect(packages[1]).toEqual({
      ecosystem: 'npm',
      name: 'express',
      version: '4.19.2',
      lockfile: 'pnpm-lock.yaml',
      integrity: 'sha512-5T6nhjsT+EOMzuck8JjBHARTHfMht0POzlA60WV2pMD3gyXw2LZnZ+ueGdNxG+0calOJcWKbpFcuzLZ91YWq9Q==',
    });
    expect(packages.find((p) => p.name === 'left-pad')?.integrity).toBeUndefined();
  });

  it('v6: /name@version keys, peer suffixes dropped, git packages by their name and version fields', async () => {
    const packages = await read(V6);
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual(['@emotion/react@11.11.4', 'react@18.2.0', 'typescript@5.4.5', 'tiny-lib@2.0.0']);
  });

  it('v5: /name/version keys with _peer suffixes', async () => {
    const packages = await read(V5);
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual(['@emotion/react@11.10.5', 'react@18.2.0']);
  });

  it('throws on a file with no lockfileVersion (readAppPackages skips it)', async () => {
    await expect(read('packages:\n  /a@1.0.0: {}\n')).rejects.toThrow(/lockfileVersion/);
  });
});
