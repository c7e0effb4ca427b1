import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exists, hasEntries, isDirectory, isFile } from './index.ts';

describe('path kinds', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bpkit-fs-'));
    await writeFile(join(dir, 'file'), 'x');
    await mkdir(join(dir, 'empty'));
    await mkdir(join(dir, 'full'));
    await writeFile(join(dir, 'full', 'a'), '');
    await symlink('file', join(dir, 'link'));
    await symlink('missing', join(dir, 'dangling'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('tells files, directories, links and missing paths apart', async () => {
    expect(await Promise.all(['file', 'empty', 'link', 'dangling', 'nope'].map((n) => exists(join(dir, n))))).toEqual([true, true, true, false, false]);
    expect(await Promise.all(['file', 'empty', 'link', 'nope'].map((n) => isFile(join(dir, n))))).toEqual([true, false, true, false]);
    expect(await Promise.all(['file', 'empty', 'link', 'nope'].map((n) => isDirectory(join(dir, n))))).toEqual([false, true, false, false]);
    expect(await Promise.all(['full', 'empty', 'file', 'nope'].map((n) => hasEntries(join(dir, n))))).toEqual([true, false, false, false]);
  });
});
