import { readFile } from 'node:fs/promises';

/**
 * A small YAML file an app carries (buildpack.yml's per-buildpack settings, a Procfile), parsed; undefined when it
 * can't be read, which for such files means "nothing configured". js-yaml loads on first use only, as most phases
 * parse no YAML. A parse error is js-yaml's: the caller says which file it was and what the user should do.
 */
export async function readYamlFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const { load } = await import('js-yaml');
  return load(text);
}
