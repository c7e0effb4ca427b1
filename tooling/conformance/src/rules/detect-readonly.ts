import { type KitEnvironment, scriptEnvironment } from '../kit-environment.ts';
import { runBin } from '../run-script.ts';
import { changedPaths, snapshotApp, stagingLayout } from '../staging-layout.ts';
import { type RuleResult, failed, passed } from '../violation.ts';

/**
 * [detect-readonly] Detect never writes to the build dir: every buildpack in the order runs detect on
 * the same app, so one that writes changes what the next one sees (and what gets staged).
 * Checked on an empty app and on each app given (e.g. the buildpack's conformance/app).
 */
export async function detectReadOnly(bpDir: string, kit: KitEnvironment, apps: readonly string[] = []): Promise<RuleResult> {
  const problems: string[] = [];
  for (const app of [undefined, ...apps]) {
    const layout = await stagingLayout(kit, 'detect-readonly', app);
    const before = await snapshotApp(layout.buildDir);
    const run = await runBin(bpDir, 'detect', [layout.buildDir], scriptEnvironment(kit, layout.home), 30_000);
    const changed = changedPaths(before, await snapshotApp(layout.buildDir));
    if (changed.length > 0) {
      const which = app === undefined ? 'an empty app' : app;
      problems.push(`detect (exit ${run.code}) on ${which} wrote to the build dir: ${changed.join(', ')}`);
    }
  }
  return problems.length ? failed('detect-readonly', ...problems) : passed('detect-readonly');
}
