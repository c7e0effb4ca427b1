import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readNpmLockfile } from './read-npm-lockfile.ts';

const EXPRESS = 'sha512-SCv4KnCRPZDs4i3IQm++5x3OO4ByOFlRwvjr7edKJuBOkfcmOPxajwUNTBkT/ZTWjZFH5uuu0X9ibQujc8kYFw==';
const ANSI = 'sha512-quJQXlTSUGL2LH9SUXo8VwsY4soanhgo6LNSm84E1LBcE8s3O0wpdiRzyR9z/ZZJMlMWv37qOOb9pdJlMUEKFQ==';
const BABEL = 'sha512-1tKvr/w+z3Uf5j4UQdbzO+lMpcvqZPsOT0+O6Y/Ey3Jrmbc2vv2wf3Q62iGJ8azPd0Ytzi8hSx6zhvjSPaOj9w==';

// npm 9+: lockfileVersion 3, only `packages`. Nested node_modules, a scoped package, an alias, a workspace, a
// link to it, a bundled dependency, and a file: dependency.
const V3 = {
  name: 'shop',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'shop', version: '1.0.0', workspaces: ['packages/*'], dependencies: { express: '^4.19.2', 'strip-ansi-cjs': 'npm:strip-ansi@^6.0.1' } },
    'node_modules/express': { version: '4.19.2', resolved: 'https://registry.npmjs.org/express/-/express-4.19.2.tgz', integrity: EXPRESS, license: 'MIT' },
    'node_modules/@babel/code-frame': { version: '7.24.2', resolved: 'https://registry.npmjs.org/@babel/code-frame/-/code-frame-7.24.2.tgz', integrity: BABEL, dev: true },
    'node_modules/ansi-regex': { version: '5.0.1', resolved: 'https://registry.npmjs.org/ansi-regex/-/ansi-regex-5.0.1.tgz', integrity: ANSI },
    'node_modules/wrap-ansi/node_modules/ansi-regex': { version: '6.0.1', resolved: 'https://registry.npmjs.org/ansi-regex/-/ansi-regex-6.0.1.tgz', integrity: 'sha512-n5M855fKb2SsfMIiFFoVrABHJC8QtHwVx+mHWP3QcEqBHYienj5dHSgjbxtC0WEZXYt4wcD6zrQElDPhFuZgfA==' },
    'node_modules/@babel/core/node_modules/@babel/code-frame': { version: '7.24.2', resolved: 'https://registry.npmjs.org/@babel/code-frame/-/code-frame-7.24.2.tgz', integrity: BABEL, dev: true },
    'node_modules/strip-ansi-cjs': { name: 'strip-ansi', version: '6.0.1', resolved: 'https://registry.npmjs.org/strip-ansi/-/strip-ansi-6.0.1.tgz', integrity: 'sha512-Y38VPSHcqkFrCpFnQ9vuSXmquuv5oXOKpGeT6aGrr3o3Gc9AlVa6JBfUSOCnbxGGZF+/0ooI7KrPuUSztUdU5A==' },
    'node_modules/fsevents': { version: '2.3.3', resolved: 'https://registry.npmjs.org/fsevents/-/fsevents-2.3.3.tgz', integrity: 'sha512-5xoDfX+fL7faATnagmWPpbFtwh/R77WmMMqqHGS65C3vvB0YHrgF+B1YmZ3441tMj5n63k0212XNoJwzlhffQw==', optional: true, os: ['darwin'] },
    'node_modules/npm/node_modules/abbrev': { version: '2.0.0', inBundle: true },
    'node_modules/@shop/ui': { resolved: 'packages/ui', link: true },
    'packages/ui': { name: '@shop/ui', version: '0.3.0' },
    'node_modules/local-lib': { resolved: 'file:../local-lib', link: true },
  },
};

// npm 5/6: lockfileVersion 1, nested `dependencies`.
const V1 = {
  name: 'legacy',
  version: '0.1.0',
  lockfileVersion: 1,
  requires: true,
  dependencies: {
    debug: {
      version: '2.6.9',
      resolved: 'https://registry.npmjs.org/debug/-/debug-2.6.9.tgz',
      integrity: 'sha512-bC7ElrdJaJnPbAP+1EotYvqZsb3ecl5wi6Bfi6BJTUcNowp6cvspg0jXznRTKDjm/E7AdgFBVeAPVMNcKGsHMA==',
      requires: { ms: '2.0.0' },
      dependencies: { ms: { version: '2.0.0', resolved: 'https://registry.npmjs.org/ms/-/ms-2.0.0.tgz', integrity: 'sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=' } },
    },
    ms: { version: '2.1.3', resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz', integrity: 'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==' },
    '@types/node': { version: '20.12.7', resolved: 'https://registry.npmjs.org/@types/node/-/node-20.12.7.tgz', integrity: 'sha512-wq0cICSkRLVaf3UGLMGItu/PtdY7oaXaI/RVU+xliKVOtRna3PRY57ZDfztpDL0n11vfymMUnXv8QwYCO7L1wg==', dev: true },
    'string-width-cjs': { version: 'npm:string-width@4.2.3', resolved: 'https://registry.npmjs.org/string-width/-/string-width-4.2.3.tgz', integrity: 'sha512-wKyQRQpjJ0sIp62ErSZdGsjMJWsap5oRNihHhu6G7JVO/9jIB6UyevL+tXuOqrng8j/cxKTWyWUwvSTriiZz/g==' },
    'shared-utils': { version: 'file:../shared-utils' },
  },
};

// npm 7/8: lockfileVersion 2 carries both; `packages` is the one npm reads.
const V2 = {
  ...V3,
  lockfileVersion: 2,
  dependencies: { express: { version: '4.19.2' }, 'only-in-v1-view': { version: '1.0.0' } },
};

describe('package-lock.json', () => {
  let app: string;
  beforeEach(async () => {
    app = await mkdtemp(join(tmpdir(), 'bpkit-sbom-npm-'));
  });
  afterEach(() => rm(app, { recursive: true, force: true }));

  const names = (list: { name: string; version: string }[]) => list.map((p) => `${p.name}@${p.version}`).sort();

  it('v3: every installed package once, nested and scoped and aliased, not workspaces, links or file: dirs', async () => {
    await writeFile(join(app, 'package-lock.json'), JSON.stringify(V3, null, 2));
    const packages = await readNpmLockfile(app);
    expect(names(packages)).toEqual([
      '@babel/code-frame@7.24.2',
      'abbrev@2.0.0',
      'ansi-regex@5.0.1',
      'ansi-regex@6.0.1',
      'express@4.19.2',
      'fsevents@2.3.3',
      'strip-ansi@6.0.1',
    ]);
    expect(packages.find((p) => p.name === 'express')).toEqual({ ecosystem: 'npm', name: 'express', version: '4.19.2', lockfile: 'package-lock.json', integrity: EXPRESS });
    expect(packages.find((p) => p.name === 'abbrev')?.integrity).toBeUndefined();
  });

  it('v2: reads `packages`, not the v1 view beside it', async () => {
    await writeFile(join(app, 'package-lock.json'), JSON.stringify(V2));
    expect(names(await readNpmLockfile(app))).not.toContain('only-in-v1-view@1.0.0');
    expect(await readNpmLockfile(app)).toHaveLength(7);
  });

  it('v1: walks nested dependencies, resolves npm: aliases, skips file: dependencies', async () => {
    await writeFile(join(app, 'package-lock.json'), JSON.stringify(V1, null, 2));
    const packages = await readNpmLockfile(app);
    expect(names(packages)).toEqual(['@types/node@20.12.7', 'debug@2.6.9', 'ms@2.0.0', 'ms@2.1.3', 'string-width@4.2.3']);
    expect(packages.find((p) => p.name === 'ms' && p.version === '2.0.0')?.integrity).toBe('sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g=');
  });

  it('prefers npm-shrinkwrap.json, as npm does', async () => {
    await writeFile(join(app, 'package-lock.json'), JSON.stringify(V3));
    await writeFile(join(app, 'npm-shrinkwrap.json'), JSON.stringify(V1));
    const packages = await readNpmLockfile(app);
    expect(new Set(packages.map((p) => p.lockfile))).toEqual(new Set(['npm-shrinkwrap.json']));
  });

  it('throws on a lockfile that is not JSON (readAppPackages skips it)', async () => {
    await writeFile(join(app, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {');
    await expect(readNpmLockfile(app)).rejects.toThrow();
  });
});
