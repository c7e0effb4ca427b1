import { type KitEnvironment, scriptEnvironment } from '../kit-environment.ts';
import { runBin, tail } from '../run-script.ts';
import { stagingLayout } from '../staging-layout.ts';
import { type RuleResult, failed, passed } from '../violation.ts';

/**
 * [detect-empty-app] Detect on an empty app exits non-zero and prints nothing on stdout (CF's
 * ruby-buildpack's historical `no` is tolerated): a buildpack that matches everything hijacks
 * autodetection for every app below it in the order, and the builder shows stdout as the detected
 * name. A detect that cannot run at all (126/127: not executable, interpreter missing) fails too.
 */
export async function detectOnEmptyApp(bpDir: string, kit: KitEnvironment): Promise<RuleResult> {
  const layout = await stagingLayout(kit, 'detect-empty');
  const run = await runBin(bpDir, 'detect', [layout.buildDir], scriptEnvironment(kit, layout.home), 30_000);
  const problems: string[] = [];
  const printed = run.stdout.trim();
  if (run.timedOut) problems.push('detect on an empty app did not finish within 30 s');
  else if (run.code === 0) problems.push(`detect matched an empty app (exit 0, printed ${JSON.stringify(printed)})`);
  else if (run.code === 126 || run.code === 127) problems.push(`detect could not run (exit ${run.code}): ${tail(run)}`);
  if (run.code !== 0 && printed !== '' && printed !== 'no') {
    problems.push(`detect printed ${JSON.stringify(printed)} on stdout for an app it did not match (stdout is the detected name)`);
  }
  return problems.length ? failed('detect-empty-app', ...problems) : passed('detect-empty-app');
}
