// `bin/release <build>` (runner.go release): stdout captured and parsed as YAML
// `default_process_types: {type: command}`; stderr passes through.

import { join } from 'node:path';
import { runScript, type ScriptIo } from '../buildpack-scripts/run-script.ts';
import { decodeStringMap, field, mappingEntries, parseYaml } from '../go-compat/go-yaml.ts';
import { LifecycleError } from './lifecycle-error.ts';

export async function runRelease(buildpackDir: string, buildDir: string, io: ScriptIo): Promise<Array<[string, string]>> {
  const output = await runScript(join(buildpackDir, 'bin', 'release'), [buildDir], io, true);
  try {
    const root = (await parseYaml(output)).root;
    mappingEntries(root, 'buildpackrunner.Release');
    return decodeStringMap(field(root, 'default_process_types') ?? null);
  } catch (error) {
    throw new LifecycleError("buildpack's release output invalid", error);
  }
}
