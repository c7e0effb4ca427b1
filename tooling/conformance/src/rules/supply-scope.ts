import type { KitEnvironment } from '../kit-environment.ts';
import { isCleanFailure, tail } from '../run-script.ts';
import { runSupplyWatched } from '../supply-run.ts';
import type { RuleResult, Violation } from '../violation.ts';

/**
 * [supply-scope] Supply writes only inside deps/<idx> (and its own cache): CF's docs say a supply
 * "must not modify anything outside deps/IDX"; the app dir belongs to the final buildpack, the other
 * deps and caches to the other buildpacks. A before/after snapshot of the build dir, the other deps
 * dirs and the other buildpacks' cache dirs.
 * [supply-clean-exit] Supply either succeeds or fails CF's way (an `**ERROR**` line, no stack trace).
 * Language buildpacks need a toolchain to get far, so on an empty app a clean `**ERROR**` is accepted.
 */
export async function supplyScope(bpDir: string, kit: KitEnvironment, app?: string): Promise<RuleResult> {
  const { run, changed, layout } = await runSupplyWatched(bpDir, kit, app);
  const violations: Violation[] = [];
  const which = app ?? 'an empty app';
  if (changed.length > 0) {
    const shown = changed.slice(0, 10).join(', ') + (changed.length > 10 ? `, and ${changed.length - 10} more` : '');
    violations.push({
      rule: 'supply-scope',
      message: `supply (exit ${run.code}) on ${which} modified files outside deps/${layout.depsIdx}: ${shown}`,
    });
  }
  if (run.code !== 0 && !isCleanFailure(run)) {
    const why = run.timedOut ? 'timed out' : `exited ${run.code} without a clean **ERROR** line`;
    violations.push({ rule: 'supply-clean-exit', message: `supply on ${which} ${why}:\n       ${tail(run)}` });
  }
  return { rule: 'supply-scope', violations };
}
