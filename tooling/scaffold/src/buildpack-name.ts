import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ScaffoldError } from './scaffold-error.ts';

export const BUILDPACK_NAME = /^[a-z][a-z0-9-]*$/;

/** The names a new buildpack's files use, derived from NAME once. */
export interface BuildpackNames {
  /** NAME: the directory, the manifest `language`, the detect output. */
  name: string;
  /** The language in supply's header, `-----> My-Tool Buildpack version 0.1.0`: the core's titleCase of NAME. */
  title: string;
  /** `@bpkit/NAME-buildpack` */
  packageName: string;
  /** `NAME_buildpack`, what `bpkit create-buildpack` and `-b` use. */
  registeredName: string;
  /** The app file detect looks for: `NAME.txt`. */
  marker: string;
  /** The variable supply exports: `NAME_MESSAGE`, upper case, `-` as `_`. */
  messageVariable: string;
  /** The variable an app sets to ask for a node version: `NAME_NODE_VERSION` (the code kind). */
  nodeVersionVariable: string;
  /** The launch variable holding the app's directory, `$HOME` expanded at launch: `NAME_APP_DIR` (the declarative kind). */
  appDirVariable: string;
  /** The variable the profile.d script sets at launch to the marker's first line: `NAME_TEXT` (the declarative kind). */
  textVariable: string;
  /** `e2e/apps/NAME-sample` */
  sampleApp: string;
}

export function buildpackNames(name: string): BuildpackNames {
  const upper = name.toUpperCase().replace(/-/g, '_');
  return {
    name,
    // NAME is [a-z][a-z0-9-]*: titleCase upper-cases the first letter and each letter after a '-'.
    title: name.replace(/(^|-)([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase()),
    packageName: `@bpkit/${name}-buildpack`,
    registeredName: `${name}_buildpack`,
    marker: `${name}.txt`,
    messageVariable: `${upper}_MESSAGE`,
    nodeVersionVariable: `${upper}_NODE_VERSION`,
    appDirVariable: `${upper}_APP_DIR`,
    textVariable: `${upper}_TEXT`,
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
