import { type KitEnvironment, scriptEnvironment } from './kit-environment.ts';
import { type ScriptRun, runBin } from './run-script.ts';
import { type StagingLayout, changedPaths, snapshotForeign, stagingLayout } from './staging-layout.ts';

export interface SupplyRun {
  layout: StagingLayout;
  run: ScriptRun;
  /** Paths outside deps/<idx> and the buildpack's own cache that changed, labelled app/, deps/, cache/. */
  changed: string[];
}

/** Runs bin/supply at index 1 of three buildpacks (see stagingLayout) on a copy of `app` (or an empty app). */
export async function runSupplyWatched(bpDir: string, kit: KitEnvironment, app?: string, timeoutMs = 300_000): Promise<SupplyRun> {
  const layout = await stagingLayout(kit, 'supply', app);
  const before = await snapshotForeign(layout);
  const run = await runBin(
    bpDir,
    'supply',
    [layout.buildDir, layout.ownCacheDir, layout.depsDir, layout.depsIdx],
    scriptEnvironment(kit, layout.home),
    timeoutMs,
  );
  const changed = changedPaths(before, await snapshotForeign(layout));
  return { layout, run, changed };
}
