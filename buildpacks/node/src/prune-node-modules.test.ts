import { mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exists } from '@bpkit/fs';
import { pruneNodeModules } from './prune-node-modules.ts';

async function pkg(dir: string, body: object): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify(body));
}

describe('pruneNodeModules', () => {
  it('keeps what the starting packages reach by Node resolution (hoisted, nested, scoped, workspace links), removes the rest', async () => {
    const root = await mkdtemp(join(tmpdir(), 'prune-'));
    await pkg(join(root, 'packages/api'), { name: 'api', dependencies: { '@m/lib': '*', a: '1' } });
    await pkg(join(root, 'packages/lib'), { name: '@m/lib', dependencies: { b: '2' } });
    await pkg(join(root, 'packages/admin'), { name: 'admin', dependencies: { c: '1' } });
    const nm = join(root, 'node_modules');
    await pkg(join(nm, 'a'), { name: 'a', dependencies: { b: '1' }, peerDependencies: { p: '*' } });
    await pkg(join(nm, 'a/node_modules/b'), { name: 'b', version: '1.0.0' });
    await pkg(join(nm, 'b'), { name: 'b', version: '2.0.0' });
    await pkg(join(nm, 'p'), { name: 'p' });
    await pkg(join(nm, 'c'), { name: 'c', dependencies: { d: '1' } });
    await pkg(join(nm, 'd'), { name: 'd' });
    await pkg(join(nm, '@other/x'), { name: '@other/x' });
    await mkdir(join(nm, '@m'), { recursive: true });
    await symlink('../../packages/lib', join(nm, '@m/lib'));
    await symlink('../packages/admin', join(nm, 'admin'));
    await symlink('../packages/api', join(nm, 'api'));
    await mkdir(join(nm, '.bin'));
    await symlink('../c/cli.js', join(nm, '.bin/c'));
    await writeFile(join(nm, 'c/cli.js'), '');
    await writeFile(join(nm, '.package-lock.json'), '{}');

    const { removed } = await pruneNodeModules(root, [{ dir: join(root, 'packages/api'), dependencies: ['@m/lib', 'a'] }]);
    expect(removed).toEqual(['node_modules/@other/x', 'node_modules/admin', 'node_modules/api', 'node_modules/c', 'node_modules/d']);
    expect((await readdir(nm)).sort()).toEqual(['.bin', '.package-lock.json', '@m', 'a', 'b', 'p']);
    expect(await exists(join(nm, 'a/node_modules/b/package.json'))).toBe(true);
    expect(await readdir(join(nm, '.bin'))).toEqual([]);
  });
});
