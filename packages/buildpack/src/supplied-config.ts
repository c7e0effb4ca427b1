import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildpackError } from './buildpack-error.ts';
import type { SuppliedConfig } from './context.ts';

/**
 * The `config:` this buildpack's supply wrote to deps/<idx>/config.yml, CF's supply → finalize handoff. A
 * buildpack whose supply returned no config (`config: {}`) never loads a YAML parser.
 */
export async function readSuppliedConfig<Config extends SuppliedConfig>(depDir: string): Promise<Partial<Config>> {
  const file = join(depDir, 'config.yml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new BuildpackError(`Unable to read config.yml: ${(err as Error).message}`, { cause: err });
  }
  if (/^config: \{\}$/m.test(text)) return {};
  const { load } = await import('js-yaml');
  try {
    const doc = load(text) as { config?: unknown } | null;
    const config = doc?.config;
    return config !== null && typeof config === 'object' && !Array.isArray(config) ? (config as Partial<Config>) : {};
  } catch (err) {
    throw new BuildpackError(`Unable to read config.yml: ${(err as Error).message}`, { cause: err });
  }
}
