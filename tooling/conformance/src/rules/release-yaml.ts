// The stager's yaml.v2 semantics (YAML 1.1 tags, first document only, scalars keep their text), so the
// kit accepts exactly what bpkit's builder, like CF's, accepts.
import { decodeStringMap, field, mappingEntries, parseYaml } from '@bpkit/stager/go-yaml';
import type { KitEnvironment } from '../kit-environment.ts';
import { runBin, tail } from '../run-script.ts';
import { stagingLayout } from '../staging-layout.ts';
import { type RuleResult, failed, passed } from '../violation.ts';

/** Why CF's builder would reject this release output, or undefined when it accepts it. */
export async function releaseOutputProblem(output: string): Promise<string | undefined> {
  try {
    const { root } = await parseYaml(output);
    if (root === null) return 'an empty document (no default_process_types)';
    mappingEntries(root, 'buildpackrunner.Release');
    const types = field(root, 'default_process_types');
    if (types === undefined) return 'no default_process_types key (print `default_process_types: {}` when there is no default)';
    if (types.kind !== 'mapping' && !(types.kind === 'scalar' && types.tag.endsWith(':null'))) {
      return 'default_process_types is not a map of process type to command';
    }
    decodeStringMap(types);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/\s+/g, ' ').trim();
  }
}

/**
 * [release-yaml] bin/release exits 0 and prints YAML that CF's builder parses (gopkg.in/yaml.v2 into
 * `default_process_types: map[string]string`); anything else fails staging with "buildpack's release
 * output invalid". Checked on an empty app and on each app given (release runs after finalize, but a
 * buildpack's default must not depend on it having run).
 */
export async function releaseYaml(bpDir: string, kit: KitEnvironment, apps: readonly string[] = []): Promise<RuleResult> {
  const problems: string[] = [];
  for (const app of [undefined, ...apps]) {
    const which = app ?? 'an empty app';
    const layout = await stagingLayout(kit, 'release', app);
    const run = await runBin(bpDir, 'release', [layout.buildDir], { PATH: kit.stackPath, HOME: layout.home }, 30_000);
    if (run.code !== 0) {
      problems.push(`release on ${which} exited ${run.code}: ${tail(run)}`);
      continue;
    }
    const problem = await releaseOutputProblem(run.stdout);
    if (problem) problems.push(`release on ${which} printed YAML CF rejects: ${problem}\n       output: ${JSON.stringify(run.stdout.slice(0, 200))}`);
  }
  return problems.length ? failed('release-yaml', ...problems) : passed('release-yaml');
}
