import { lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exists, linkCopyTree, moveTree } from './index.ts';

describe('trees', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bpkit-fs-tree-'));
    await mkdir(join(dir, 'src', 'bin'), { recursive: true });
    await writeFile(join(dir, 'src', 'bin', 'tool'), '#!/bin/sh\n', { mode: 0o755 });
    await symlink('bin/tool', join(dir, 'src', 'tool'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('link-copies a tree: the same inodes, links kept, parents made', async () => {
    await linkCopyTree(join(dir, 'src'), join(dir, 'a', 'b', 'copy'));
    const [orig, copy] = await Promise.all([stat(join(dir, 'src', 'bin', 'tool')), stat(join(dir, 'a', 'b', 'copy', 'bin', 'tool'))]);
    expect(copy.ino).toBe(orig.ino);
    expect(copy.mode & 0o777).toBe(0o755);
    expect(await readlink(join(dir, 'a', 'b', 'copy', 'tool'))).toBe('bin/tool');
  });

  it('moves a tree into a directory that does not exist yet', async () => {
    await linkCopyTree(join(dir, 'src'), join(dir, 'to-move'));
    await moveTree(join(dir, 'to-move'), join(dir, 'x', 'moved'));
    expect(await exists(join(dir, 'to-move'))).toBe(false);
    expect((await lstat(join(dir, 'x', 'moved', 'tool'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'x', 'moved', 'bin', 'tool'), 'utf8')).toBe('#!/bin/sh\n');
  });
});
