import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findWorkspacePackages, globToRegExp, matchesWorkspace } from './workspace-packages.ts';

describe('workspace globs', () => {
  it('reads globs as the package managers do: * in a segment, ** across, {a,b}, ./ and trailing / ignored', () => {
    expect(globToRegExp('packages/*').test('packages/api')).toBe(true);
    expect(globToRegExp('packages/*').test('packages/api/sub')).toBe(false);
    expect(globToRegExp('./packages/*/').test('packages/api')).toBe(true);
    expect(globToRegExp('apps/**').test('apps/a/b')).toBe(true);
    expect(globToRegExp('apps/**/svc').test('apps/svc')).toBe(true);
    expect(globToRegExp('apps/**/svc').test('apps/x/y/svc')).toBe(true);
    expect(globToRegExp('{apps,libs}/*').test('libs/greeting')).toBe(true);
    expect(globToRegExp('api').test('api')).toBe(true);
    expect(globToRegExp('a.b').test('aXb')).toBe(false);
  });

  it('! patterns exclude', () => {
    expect(matchesWorkspace('packages/api', ['packages/*', '!packages/legacy'])).toBe(true);
    expect(matchesWorkspace('packages/legacy', ['packages/*', '!packages/legacy'])).toBe(false);
    expect(matchesWorkspace('tools/x', ['packages/*'])).toBe(false);
  });
});

describe('findWorkspacePackages', () => {
  it('lists matching directories with a package.json, never node_modules or dot directories', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ws-packages-'));
    const pkg = async (path: string, body: object) => {
      await mkdir(join(root, path), { recursive: true });
      await writeFile(join(root, path, 'package.json'), JSON.stringify(body));
    };
    await pkg('packages/api', { name: 'api', dependencies: { lib: 'workspace:*' }, devDependencies: { t: '1' } });
    await pkg('packages/lib', { name: 'lib' });
    await pkg('packages/node_modules/x', { name: 'x' });
    await pkg('packages/.cache/y', { name: 'y' });
    await mkdir(join(root, 'packages/empty'));
    const found = await findWorkspacePackages(root, ['packages/**']);
    expect(found.map((p) => p.path)).toEqual(['packages/api', 'packages/lib']);
    expect(found[0]).toMatchObject({ name: 'api', dependencies: { lib: 'workspace:*' }, devDependencies: { t: '1' } });
  });
});
