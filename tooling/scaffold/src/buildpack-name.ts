import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ScaffoldError } from './scaffold-error.ts';

export const BUILDPACK_NAME = /^[a-z][a-z0-9-]*$/;

/** The names a new buildpack's files use, derived from NAME once. */
export interface BuildpackNames {
  /** NAME: the directory, the manifest `language`, the detect output. */
  name: string;
  /** `@bpkit/NAME-buildpack` */
  packageName: string;
  /** `NAME_buildpack`, what `bpkit create-buildpack` and `-b` use. */
  registeredName: string;
  /** The app file detect looks for: `NAME.txt`. */
  marker: string;
  /** The variable supply exports: `NAME_MESSAGE`, upper case, `-` as `_`. */
  messageVariable: string;
  /** The variable an app sets to ask for a node version: `NAME_NODE_VERSION`. */
  nodeVersionVariable: string;
  /** `e2e/apps/NAME-sample` */
  sampleApp: string;
}

export function buildpackNames(name: string): BuildpackNames {
  const upper = name.toUpperCase().replace(/-/g, '_');
  return {
    name,
    packageName: `@bpkit/${name}-buildpack`,
    registeredName: `${name}_buildpack`,
    marker: `${name}.txt`,
    messageVariable: `${upper}_MESSAGE`,
    nodeVersionVariable: `${upper}_NODE_VERSION`,
    sampleApp: `e2e/apps/${name}-sample`,
  };
}

const exists = async (path: string): Promise<boolean> => (await stat(path).catch(() => undefined)) !== undefined;

/** NAME must be a new, plain name: it becomes a directory, a package name, a zip name and a variable. */
export async function validateBuildpackName(name: string, workspaceRoot: string): Promise<BuildpackNames> {
  if (!BUILDPACK_NAME.test(name)) {
    throw new ScaffoldError(`Invalid buildpack name '${name}': use lower-case letters, digits and '-', starting with a letter (${BUILDPACK_NAME.source})`);
  }
  if (/-buildpack$/.test(name) || name.endsWith('-')) {
    throw new ScaffoldError(`Invalid buildpack name '${name}': give the language alone (e.g. 'hello'); the zip and the registered name add _buildpack`);
  }
  const names = buildpackNames(name);
  if (await exists(join(workspaceRoot, 'buildpacks', name))) throw new ScaffoldError(`Buildpack ${name} already exists: buildpacks/${name}`);
  if (await exists(join(workspaceRoot, names.sampleApp))) throw new ScaffoldError(`${names.sampleApp} already exists`);
  return names;
}
