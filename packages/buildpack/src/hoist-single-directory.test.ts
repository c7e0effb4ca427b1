import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hoistSingleDirectory } from './hoist-single-directory.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bpkit-hoist-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function unpacked(name: string, files: string[]): Promise<string> {
  const home = join(dir, name);
  for (const file of files) {
    await mkdir(join(home, file, '..'), { recursive: true });
    await writeFile(join(home, file), file);
  }
  return home;
}

describe('hoistSingleDirectory', () => {
  it('makes a tarball’s one top directory the install dir itself', async () => {
    const home = await unpacked('upstream', ['node-v22.19.0-linux-x64/bin/node', 'node-v22.19.0-linux-x64/lib/x']);
    await hoistSingleDirectory(home, 'bin/node');
    expect((await readdir(home)).sort()).toEqual(['bin', 'lib']);
    expect(await readdir(join(home, 'bin'))).toEqual(['node']);
  });

  it('leaves a tree alone that has the marker at its root, or more than one entry', async () => {
    const cf = await unpacked('cf', ['bin/node']);
    await hoistSingleDirectory(cf, 'bin/node');
    expect(await readdir(cf)).toEqual(['bin']);
    const flat = await unpacked('flat', ['package.json', 'bin/pnpm.cjs']);
    await hoistSingleDirectory(flat);
    expect((await readdir(flat)).sort()).toEqual(['bin', 'package.json']);
  });

  it('hoists unconditionally without a marker', async () => {
    const pnpm = await unpacked('pnpm', ['package/bin/pnpm.cjs']);
    await hoistSingleDirectory(pnpm);
    expect(await readdir(pnpm)).toEqual(['bin']);
  });
});
