import { readFile } from 'node:fs/promises';
import type { ManifestVars, VarValue } from './app-manifest-types.ts';
import { goYamlTypeError } from './go-yaml-type-error.ts';
import { loadYamlV2 } from './load-yaml.ts';
import { ManifestError } from './manifest-error.ts';
import { isMissingFile, missingPathError } from './missing-path-error.ts';

// cf's util/manifestparser InvalidYAMLError.
const VARS_FILE_ERROR_PREFIX = 'The option --vars-file expects a valid YAML file. ';

/**
 * Reads `--vars-file` files in order and merges their top-level keys; a later file wins. Values keep
 * their YAML types, so a whole-value `((name))` can become a number or a map.
 */
export async function readVarsFiles(paths: string[]): Promise<ManifestVars> {
  const vars: ManifestVars = {};
  for (const path of paths) {
    Object.assign(vars, await readVarsFile(path));
  }
  return vars;
}

async function readVarsFile(path: string): Promise<ManifestVars> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (isMissingFile(err)) throw missingPathError(path, err);
    throw err;
  }
  let document: unknown;
  try {
    document = loadYamlV2(text);
  } catch (err) {
    throw invalidVarsFile((err as Error).message, err);
  }
  if (document === null) return {};
  if (typeof document !== 'object' || Array.isArray(document)) {
    throw goYamlTypeError(document, 'template.StaticVariables', VARS_FILE_ERROR_PREFIX);
  }
  return document as Record<string, VarValue>;
}

function invalidVarsFile(reason: string, cause?: unknown): ManifestError {
  return new ManifestError(VARS_FILE_ERROR_PREFIX + reason, { cause });
}
