import type { ManifestVars, VarValue } from './app-manifest-types.ts';
import { loadYamlV2 } from './load-yaml.ts';
import { ManifestError } from './manifest-error.ts';

/**
 * `--var NAME=VALUE` flags, as bosh-cli's VarKV reads them (cf uses it): the value is read as YAML, so
 * `--var n=2` is the number 2 and `--var m={a: 1}` a map, but a value that reads as a string is kept
 * byte for byte. A later flag for the same name wins. Merge these over readVarsFiles' result.
 */
export function parseVarFlags(values: string[]): ManifestVars {
  const vars: ManifestVars = {};
  for (const flag of values) {
    const separator = flag.indexOf('=');
    if (separator < 0) throw new ManifestError(`Expected var '${flag}' to be in format 'name=value'`);
    const name = flag.slice(0, separator);
    const raw = flag.slice(separator + 1);
    if (name === '') throw new ManifestError(`Expected var '${flag}' to specify non-empty name`);
    if (raw === '') throw new ManifestError(`Expected var '${flag}' to specify non-empty value`);
    let value: unknown;
    try {
      value = loadYamlV2(raw);
    } catch (err) {
      throw new ManifestError(`Deserializing variables '${flag}': ${(err as Error).message}`, { cause: err });
    }
    vars[name] = typeof value === 'string' ? raw : (value as VarValue);
  }
  return vars;
}
