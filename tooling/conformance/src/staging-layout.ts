import { chmod, cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { changedPaths, snapshotOutsideDeps } from '@bpkit/stager';
import { type KitEnvironment, scratchDir } from './kit-environment.ts';

/**
 * The directories the builder hands a supply in the middle of a three-buildpack staging: it runs at
 * index 1, after a buildpack that already supplied a tool (deps/0) and before one whose deps dir is
 * still empty (deps/2); the cache root holds the other buildpacks' cache dirs beside its own.
 */
export interface StagingLayout {
  root: string;
  buildDir: string;
  cacheRoot: string;
  ownCacheDir: string;
  depsDir: string;
  depsIdx: string;
  profileDir: string;
  /** Private HOME and TMPDIR for the scripts. */
  home: string;
}

export async function stagingLayout(kit: KitEnvironment, label: string, app?: string): Promise<StagingLayout> {
  const root = await scratchDir(kit, label);
  const layout: StagingLayout = {
    root,
    buildDir: join(root, 'app'),
    cacheRoot: join(root, 'artifacts'),
    ownCacheDir: join(root, 'artifacts', '5f0e8b4a2c7d9e13'),
    depsDir: join(root, 'deps'),
    depsIdx: '1',
    profileDir: join(root, 'profile.d'),
    home: join(root, 'home'),
  };
  await mkdir(layout.buildDir, { recursive: true });
  if (app) await cp(app, layout.buildDir, { recursive: true, verbatimSymlinks: true });
  for (const dir of ['deps/0/bin', 'deps/0/env', 'deps/1', 'deps/2', 'artifacts/final', 'artifacts/0123456789abcdef', 'home']) {
    await mkdir(join(root, dir), { recursive: true });
  }
  await mkdir(layout.ownCacheDir, { recursive: true });
  await writeFile(join(root, 'deps/0/config.yml'), 'config: {}\nname: earlier\nversion: 1.0.0\n');
  await writeFile(join(root, 'deps/0/bin/earlier-tool'), '#!/bin/sh\necho earlier\n');
  await chmod(join(root, 'deps/0/bin/earlier-tool'), 0o755);
  await writeFile(join(root, 'deps/0/env/EARLIER_HOME'), '/home/vcap/deps/0');
  await writeFile(join(root, 'artifacts/final/cached.txt'), 'the final buildpack\'s cache\n');
  await writeFile(join(root, 'artifacts/0123456789abcdef/cached.txt'), 'another buildpack\'s cache\n');
  return layout;
}

/** Everything a supply at this layout's index must leave alone: the app, other deps dirs, other caches. */
export function snapshotForeign(layout: StagingLayout): ReturnType<typeof snapshotOutsideDeps> {
  return snapshotOutsideDeps({
    buildDir: layout.buildDir,
    depsDir: layout.depsDir,
    depsIdx: layout.depsIdx,
    cacheRoot: layout.cacheRoot,
    ownCacheDir: layout.ownCacheDir,
  });
}

/** Only the build dir (detect gets nothing else to touch). */
export function snapshotApp(buildDir: string): ReturnType<typeof snapshotOutsideDeps> {
  const none = join(buildDir, '..', '.bpkit-conformance-none');
  return snapshotOutsideDeps({ buildDir, depsDir: none, depsIdx: '0', cacheRoot: none, ownCacheDir: none });
}

export { changedPaths };
