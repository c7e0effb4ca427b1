import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AppManifest, ManifestVars } from './app-manifest-types.ts';
import { interpolateTree } from './interpolate-vars.ts';
import { loadYamlV2 } from './load-yaml.ts';
import { ManifestError } from './manifest-error.ts';
import { isMissingFile, missingPathError } from './missing-path-error.ts';
import { parseAppManifest } from './parse-app-manifest.ts';

// The names cf's manifest locator tries, in order, when given a directory.
const MANIFEST_NAMES = ['manifest.yml', 'manifest.yaml'];

/**
 * Reads an app manifest as `cf push -f PATH` does: PATH is the file, or a directory holding
 * manifest.yml (else manifest.yaml). `((vars))` are interpolated before anything is checked; merge
 * readVarsFiles and then parseVarFlags into `vars`. App paths are resolved against the manifest's
 * directory. Throws ManifestError with cf's message.
 */
export async function readAppManifest(path: string, vars: ManifestVars = {}): Promise<AppManifest> {
  const file = await locateManifest(path);
  const text = await readFile(file, 'utf8');
  const document = interpolateTree(loadYamlV2(text), vars);
  return parseAppManifest(document, file, dirname(file));
}

async function locateManifest(path: string): Promise<string> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (err) {
    if (isMissingFile(err)) throw missingPathError(path, err);
    throw err;
  }
  if (!isDirectory) return realpath(path);
  for (const name of MANIFEST_NAMES) {
    try {
      return await realpath(join(path, name));
    } catch (err) {
      if (!isMissingFile(err)) throw err;
    }
  }
  // cf pushes without a manifest here; a caller that asked for one is told, in bpkit's words.
  throw new ManifestError(`No manifest.yml or manifest.yaml found in '${path}'`);
}
