import { dirname, relative, resolve } from 'node:path';
import { ScaffoldError, findWorkspaceRoot, scaffoldBuildpack } from '@bpkit/scaffold';
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

export const newCommand: Command = {
  name: 'new',
  summary: 'Scaffold a new buildpack package in buildpacks/NAME',
  usage: 'bpkit new NAME [--workspace DIR]',
  help: `NAME is the buildpack's language: lower-case letters, digits and '-', starting with a letter. It names
the directory (buildpacks/NAME), the package (@bpkit/NAME-buildpack), the manifest language, the zips
(NAME_buildpack-v0.1.0.zip) and the registered buildpack (NAME_buildpack).

The new buildpack detects apps with a NAME.txt, supplies NAME_MESSAGE (env file and profile.d script) and
serves the app with python3 -m http.server. It comes with unit tests, a README, manifest.yml with the
bootstrap's Node.js entry (from buildpacks/binary) and a sample app in e2e/apps/NAME-sample.

Options:
   --workspace   The bpkit workspace (default: the one around the current directory)

Example:
   bpkit new hello`,
  async run(argv) {
    const { values, positionals } = parse(argv, { workspace: { type: 'string' } });
    if (positionals.length !== 1) throw new CliError('Incorrect Usage: the required argument `NAME` was not provided', 1, true);
    const name = positionals[0] as string;
    const root = workspaceRoot(values.workspace);
    process.stdout.write(`Creating buildpack ${name} in ${resolve(root, 'buildpacks', name)}...\n`);
    let result;
    try {
      result = await scaffoldBuildpack({ name, workspaceRoot: root });
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
