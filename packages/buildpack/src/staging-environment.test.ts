import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { stagingEnvironment } from './staging-environment.ts';

async function depsTree(layout: Record<string, string[]>, files: Record<string, string> = {}): Promise<string> {
  const deps = await mkdtemp(join(tmpdir(), 'deps-'));
  for (const [idx, subs] of Object.entries(layout)) {
    await mkdir(join(deps, idx), { recursive: true });
    for (const sub of subs) await mkdir(join(deps, idx, sub), { recursive: true });
  }
  for (const [path, body] of Object.entries(files)) {
    await mkdir(join(deps, path, '..'), { recursive: true });
    await writeFile(join(deps, path), body);
  }
  return deps;
}

describe('stagingEnvironment', () => {
  test('prepends existing deps dirs, highest idx first, before the old value', async () => {
    const deps = await depsTree({ '00': ['bin', 'lib'], '01': ['bin'], '02': ['lib', 'include'], '03': ['pkgconfig'] });
    const env = await stagingEnvironment(deps, { PATH: '/usr/bin:/bin', LD_LIBRARY_PATH: '', HOME: '/home/vcap' });
    expect(env['PATH']).toBe(`${deps}/01/bin:${deps}/00/bin:/usr/bin:/bin`);
    expect(env['LD_LIBRARY_PATH']).toBe(`${deps}/02/lib:${deps}/00/lib`);
    expect(env['LIBRARY_PATH']).toBe(`${deps}/02/lib:${deps}/00/lib`);
    expect(env['CPATH']).toBe(`${deps}/02/include`);
    expect(env['PKG_CONFIG_PATH']).toBe(`${deps}/03/pkgconfig`);
    expect(env['HOME']).toBe('/home/vcap');
  });

  test('orders unpadded indices numerically', async () => {
    const deps = await depsTree({ '2': ['bin'], '10': ['bin'] });
    const env = await stagingEnvironment(deps, {});
    expect(env['PATH']).toBe(`${deps}/10/bin:${deps}/2/bin`);
  });

  test('leaves variables alone when no dep provides the dir', async () => {
    const deps = await depsTree({ '0': [] });
    const env = await stagingEnvironment(deps, { PATH: '/bin', GONE: undefined });
    expect(env).toEqual({ PATH: '/bin' });
  });

  test('exports env/ files raw; on a clash the lowest idx wins (libbuildpack order)', async () => {
    const deps = await depsTree(
      {},
      { '0/env/GOROOT': '/deps/0/go', '0/env/SHARED': 'from-0', '1/env/SHARED': 'from-1', '1/env/MULTI': 'a\nb\n' },
    );
    await mkdir(join(deps, '1', 'env', 'subdir'));
    const env = await stagingEnvironment(deps, { SHARED: 'old' });
    expect(env['GOROOT']).toBe('/deps/0/go');
    expect(env['SHARED']).toBe('from-0');
    expect(env['MULTI']).toBe('a\nb\n');
    expect(env['subdir']).toBeUndefined();
  });

  test('ignores files lying in deps/ itself', async () => {
    const deps = await depsTree({ '0': ['bin'] }, { 'stray.txt': 'x' });
    const env = await stagingEnvironment(deps, {});
    expect(env['PATH']).toBe(`${deps}/0/bin`);
  });
});
