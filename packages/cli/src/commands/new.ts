import { dirname, relative, resolve } from 'node:path';
import { BUILDPACK_KINDS, DEFAULT_BUILDPACK_KIND, ScaffoldError, findWorkspaceRoot, isBuildpackKind, scaffoldBuildpack } from '@bpkit/scaffold';
import { CliError } from '../cli-error.ts';
import { type Command, parse } from '../command.ts';
import { systemBuildpacksDir } from '../locations.ts';

/** The workspace to scaffold into: --workspace, else the one around the current directory, else bpkit's own. */
function workspaceRoot(explicit: string | undefined): string {
  if (explicit !== undefined) {
    const root = findWorkspaceRoot(explicit);
    if (root === undefined || root !== resolve(explicit)) {
      throw new CliError(`${explicit} is not a bpkit workspace (no pnpm-workspace.yaml and buildpacks/ there)`);
    }
    return root;
  }
  const fromCwd = findWorkspaceRoot(process.cwd());
  if (fromCwd) return fromCwd;
  const system = systemBuildpacksDir();
  const own = system ? findWorkspaceRoot(dirname(system)) : undefined;
  if (own) return own;
  throw new CliError('Not in a bpkit workspace: run bpkit new from the repository (or pass --workspace DIR)');
}

/** --kind's value; go-flags' words for a choice, as the cf CLI prints them (`cf push --lifecycle foo`). */
function kind(value: string | undefined) {
  if (value === undefined) return DEFAULT_BUILDPACK_KIND;
  if (isBuildpackKind(value)) return value;
  throw new CliError(`Incorrect Usage: Invalid value \`${value}' for option \`--kind'. Allowed values are: ${BUILDPACK_KINDS.join(' or ')}`, 1, true);
}

export const newCommand: Command = {
  name: 'new',
  summary: 'Scaffold a new buildpack package in buildpacks/NAME',
  usage: 'bpkit new NAME [--kind code|declarative] [--workspace DIR]',
  help: `NAME is the buildpack's language: lower-case letters, digits and '-', starting with a letter. It names
the directory (buildpacks/NAME), the package (@bpkit/NAME-buildpack), the manifest language, the zips
(NAME_buildpack-v0.1.0.zip) and the registered buildpack (NAME_buildpack).

Two kinds (--kind). Both detect apps with a NAME.txt, export NAME_MESSAGE to later buildpacks and to the
app, serve it with python3 -m http.server, and come with unit tests, a README and a sample app in
e2e/apps/NAME-sample.

   code          src/supply.ts and src/finalize.ts, functions the bootstrap runs on Node: for a buildpack
                 that computes at staging time (reads the app, chooses versions, installs dependencies, runs
                 tools). manifest.yml has the bootstrap's node entry (copied from a workspace buildpack),
                 which supply installs.
   declarative   src/buildpack.ts alone: detect rules, static supplies (env, launch env, profile.d scripts)
                 and the release default, every phase compiled to sh. The buildpack ships no Node and stages
                 without one; manifest.yml lists nothing to download.

Options:
   --kind        The kind of buildpack: code (the default) or declarative
   --workspace   The bpkit workspace (default: the one around the current directory)

Examples:
   bpkit new hello
   bpkit new hello --kind declarative`,
  async run(argv) {
    const { values, positionals } = parse(argv, { kind: { type: 'string' }, workspace: { type: 'string' } });
    if (positionals.length !== 1) throw new CliError('Incorrect Usage: the required argument `NAME` was not provided', 1, true);
    const name = positionals[0] as string;
    const chosen = kind(values.kind);
    const root = workspaceRoot(values.workspace);
    process.stdout.write(`Creating ${chosen === 'declarative' ? 'declarative ' : ''}buildpack ${name} in ${resolve(root, 'buildpacks', name)}...\n`);
    let result;
    try {
      result = await scaffoldBuildpack({ name, workspaceRoot: root, kind: chosen });
    } catch (error) {
      if (error instanceof ScaffoldError) throw new CliError(error.message);
      throw error;
    }
    for (const file of result.files) process.stdout.write(`   created ${file}\n`);
    const where = relative(process.cwd(), root);
    const cd = where === '' ? [] : [`cd ${where}`];
    process.stdout.write(`OK\n\nNext steps:\n${[...cd, ...result.nextSteps].map((s) => `   ${s}`).join('\n')}\n`);
    return 0;
  },
};
