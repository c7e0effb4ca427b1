import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isFile } from '@bpkit/fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_LOCKFILES, readAppPackages } from './index.ts';

describe('readAppPackages', () => {
  let app: string;
  beforeEach(async () => {
    app = await mkdtemp(join(tmpdir(), 'bpkit-sbom-app-'));
  });
  afterEach(() => rm(app, { recursive: true, force: true }));

  it('reads every lockfile of the app dir, sorted by ecosystem, name, version and lockfile', async () => {
    await writeFile(join(app, 'go.mod'), 'module example.com/x\n\ngo 1.22\n\nrequire github.com/gorilla/mux v1.8.1\n');
    await writeFile(join(app, 'Gemfile.lock'), 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (3.0.9.1)\n\nBUNDLED WITH\n   2.5.6\n');
    await writeFile(
      join(app, 'package-lock.json'),
      JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'x' }, 'node_modules/ms': { version: '2.1.3' }, 'node_modules/debug': { version: '4.3.4' } } }),
    );
    await writeFile(join(app, 'yarn.lock'), '# yarn lockfile v1\n\nms@^2.1.1:\n  version "2.1.3"\n');
    const packages = await readAppPackages(app);
    expect(packages.map((p) => `${p.ecosystem} ${p.name}@${p.version} ${p.lockfile}`)).toEqual([
      'gem rack@3.0.9.1 Gemfile.lock',
      'golang github.com/gorilla/mux@v1.8.1 go.mod',
      'npm debug@4.3.4 package-lock.json',
      'npm ms@2.1.3 package-lock.json',
      'npm ms@2.1.3 yarn.lock',
    ]);
  });

  it('skips a lockfile it cannot parse and reads the others', async () => {
    await writeFile(join(app, 'Gemfile.lock'), 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (3.0.9.1)\n');
    await writeFile(join(app, 'package-lock.json'), '{ "lockfileVersion": 3, "packages": ');
    await writeFile(join(app, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\npackages:\n  a@1: [\n");
    await mkdir(join(app, 'yarn.lock'));
    expect((await readAppPackages(app)).map((p) => p.name)).toEqual(['rack']);
  });

  it('APP_LOCKFILES names every file read: a copy of just those reads the same', async () => {
    await mkdir(join(app, 'vendor'));
    await writeFile(join(app, 'go.mod'), 'module example.com/x\n\ngo 1.16\n\nrequire github.com/gorilla/mux v1.8.1\n');
    await writeFile(join(app, 'go.sum'), 'github.com/gorilla/mux v1.8.1 h1:TuBL49tXwgrFYWhqrNgrUNEY92u81SPhu7sTdzQEiWY=\n');
    await writeFile(join(app, 'vendor', 'modules.txt'), '# github.com/gorilla/mux v1.8.1\ngithub.com/gorilla/mux\n# github.com/felixge/httpsnoop v1.0.3\ngithub.com/felixge/httpsnoop\n');
    await writeFile(join(app, 'gems.locked'), 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rake (13.1.0)\n');
    await writeFile(join(app, 'npm-shrinkwrap.json'), JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/ms': { version: '2.1.3' } } }));
    await writeFile(join(app, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\npackages:\n  react@18.3.1:\n    resolution: {integrity: sha512-AAAA}\n");
    const copy = join(app, 'copy');
    for (const file of APP_LOCKFILES) {
      if (!(await isFile(join(app, file)))) continue;
      await mkdir(dirname(join(copy, file)), { recursive: true });
      await copyFile(join(app, file), join(copy, file));
    }
    const original = await readAppPackages(app);
    expect(original.map((p) => p.lockfile).sort()).toEqual(['gems.locked', 'go.mod', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'vendor/modules.txt']);
    expect(await readAppPackages(copy)).toEqual(original);
  });

  it('is empty, not an error, for a dir with no lockfile or no dir at all', async () => {
    expect(await readAppPackages(app)).toEqual([]);
    expect(await readAppPackages(join(app, 'missing'))).toEqual([]);
  });
});
