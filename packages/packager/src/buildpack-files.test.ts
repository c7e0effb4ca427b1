import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildpackFiles } from './buildpack-files.ts';
import { tempDir, writeTree } from './test-support.ts';

describe('buildpackFiles', () => {
  it('takes everything but .git, tests, dependencies/, old zips and the files the packager writes', async () => {
    const dir = await tempDir();
    await writeTree(dir, {
      'bin/supply': '#!/bin/sh\n',
      'lib/a.cjs': 'a',
      'lib/node-runtime': 'old',
      'lib/sub/b.txt': 'b',
      'README.md': 'r',
      VERSION: '1',
      'manifest.yml': 'm',
      '.git/HEAD': 'h',
      'tests/t.sh': 't',
      'dependencies/x/y.tgz': 'y',
      'go_buildpack-cached-cflinuxfs4-v1.0.0.zip': 'z',
    });
    await symlink('a.cjs', join(dir, 'lib/link.cjs'));
    const files = await buildpackFiles(dir);
    expect(files.map((f) => f.name).sort()).toEqual(['README.md', 'bin/supply', 'lib/a.cjs', 'lib/link.cjs', 'lib/sub/b.txt']);
    expect(files.find((f) => f.name === 'bin/supply')?.executable).toBe(true);
    expect(files.find((f) => f.name === 'lib/a.cjs')?.executable).toBe(false);
  });

  it('honours include_files (directories bring their contents) and exclude_files', async () => {
    const dir = await tempDir();
    await writeTree(dir, { 'bin/supply': 's', 'bin/detect': 'd', 'lib/a': 'a', 'lib/b/c': 'c', 'other.txt': 'o', VERSION: '1' });
    const files = await buildpackFiles(dir, { include_files: ['bin/supply', './lib/', 'VERSION'], exclude_files: ['lib/b'] });
    expect(files.map((f) => f.name)).toEqual(['bin/supply', 'lib/a']);
  });

  it('takes a listed file missing from build/ from the package directory beside it', async () => {
    const pkg = await tempDir();
    await writeTree(pkg, { 'README.md': 'readme', 'build/bin/supply': 's' });
    const files = await buildpackFiles(join(pkg, 'build'), { include_files: ['README.md', 'bin/supply'] }, pkg);
    expect(files.map((f) => [f.name, f.path])).toEqual([
      ['README.md', join(pkg, 'README.md')],
      ['bin/supply', join(pkg, 'build', 'bin/supply')],
    ]);
    await expect(buildpackFiles(join(pkg, 'build'), { include_files: ['LICENSE'] }, pkg)).rejects.toThrow('failed to open included_file');
  });

  it('fails naming a listed file that is missing, as CF does', async () => {
    const dir = await tempDir();
    await expect(buildpackFiles(dir, { include_files: ['bin/nope'] })).rejects.toThrow(`failed to open included_file: ${join(dir, 'bin/nope')}, ENOENT`);
    await expect(buildpackFiles(dir, { include_files: ['../x'] })).rejects.toThrow('include_files: ../x is outside the buildpack');
  });
});
