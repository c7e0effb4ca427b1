// <buildDir>/Procfile is optional and parsed as YAML map[string]string; any parse error is reported as
// `Failed to read command from Procfile: invalid YAML` (exit 1).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathErrorText } from '../go-compat/go-errors.ts';
import { decodeStringMap, parseYaml } from '../go-compat/go-yaml.ts';

export async function readProcfile(buildDir: string): Promise<Array<[string, string]>> {
  const path = join(buildDir, 'Procfile');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(pathErrorText('open', path, error));
  }
  try {
    return decodeStringMap((await parseYaml(text)).root);
  } catch {
    throw new Error('invalid YAML');
  }
}
