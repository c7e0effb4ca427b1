import { createInterface } from 'node:readline/promises';
import { Registry, buildpacksTable } from '@bpkit/platform';
import { CliError } from '../cli-error.ts';
import { type Command, DATA_DIR_HELP, integer, parse } from '../command.ts';
import { dataDir, systemBuildpacksDir } from '../locations.ts';

async function openRegistry(explicit: string | undefined): Promise<Registry> {
  const sys = systemBuildpacksDir();
  return Registry.open({ dataDir: dataDir(explicit), ...(sys ? { systemBuildpacksDir: sys } : {}) });
}


export const buildpacksCommand: Command = {
  name: 'buildpacks',
  summary: 'List the platform\'s buildpacks in detect order (cf buildpacks)',
  usage: 'bpkit buildpacks',
  help: `Options:\n${DATA_DIR_HELP}`,
  async run(argv) {
    const { values } = parse(argv, { 'data-dir': { type: 'string' } });
    const registry = await openRegistry(values['data-dir']);
    process.stdout.write('Getting buildpacks as vcap...\n\n');
    process.stdout.write(buildpacksTable(await registry.list()));
    return 0;
  },
};

export const createBuildpackCommand: Command = {
  name: 'create-buildpack',
  summary: 'Register a buildpack zip or directory at a position (cf create-buildpack)',
  usage: 'bpkit create-buildpack BUILDPACK PATH POSITION [--disable]',
  help: `PATH is a buildpack .zip or directory. POSITION (>= 1) is where it goes in detect order; buildpacks at or
below it shift down by one, and positions past the end go last. The stack comes from the zip's manifest.yml.

Options:
   --disable    Register it disabled (not used for detect, refused by -b)
${DATA_DIR_HELP}`,
  async run(argv) {
    const { values, positionals } = parse(argv, { disable: { type: 'boolean' }, enable: { type: 'boolean' }, 'data-dir': { type: 'string' } });
    if (positionals.length !== 3) {
      throw new CliError('Incorrect Usage: the required arguments `BUILDPACK`, `PATH` and `POSITION` were not provided', 1, true);
    }
    const [name, path, pos] = positionals as [string, string, string];
    const position = integer(pos, 'POSITION', 1) as number;
    const registry = await openRegistry(values['data-dir']);
    process.stdout.write(`Creating buildpack ${name} as vcap...\n`);
    const record = await registry.create(name, path, position, { enabled: !values.disable });
    process.stdout.write(`OK\n\nUploading buildpack ${name} as vcap...\nDone uploading\nOK\n`);
    if (record.stack) process.stdout.write(`Stack: ${record.stack}\n`);
    return 0;
  },
};

export const updateBuildpackCommand: Command = {
  name: 'update-buildpack',
  summary: 'Change a registered buildpack (cf update-buildpack)',
  usage: 'bpkit update-buildpack BUILDPACK [-p PATH] [-i POSITION] [-s STACK] [--enable|--disable] [--lock|--unlock] [--rename NEW]',
  help: `Options:
   -p           New bits: a buildpack .zip or directory (refused while locked)
   -i           New position
   -s           Which of several same-named buildpacks (by stack)
   --enable     Use it for detect and -b again
   --disable    Exclude it from detect; naming it with -b fails
   --lock       Refuse new bits
   --unlock     Accept new bits
   --rename     New name
${DATA_DIR_HELP}`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      path: { type: 'string', short: 'p' },
      position: { type: 'string', short: 'i' },
      stack: { type: 'string', short: 's' },
      enable: { type: 'boolean' },
      disable: { type: 'boolean' },
      lock: { type: 'boolean' },
      unlock: { type: 'boolean' },
      rename: { type: 'string' },
      'data-dir': { type: 'string' },
    });
    if (positionals.length !== 1) throw new CliError('Incorrect Usage: the required argument `BUILDPACK` was not provided', 1, true);
    const conflicts: Array<[boolean, string]> = [
      [!!values.enable && !!values.disable, '--enable, --disable'],
      [!!values.lock && !!values.unlock, '--lock, --unlock'],
      [values.path !== undefined && !!values.lock, '-p, --lock'],
    ];
    for (const [bad, flags] of conflicts) {
      if (bad) throw new CliError(`Incorrect Usage: The following arguments cannot be used together: ${flags}`, 1, true);
    }
    const name = positionals[0] as string;
    const registry = await openRegistry(values['data-dir']);
    process.stdout.write(`Updating buildpack ${name} as vcap...\n`);
    const position = integer(values.position, '-i', 1);
    await registry.update(name, {
      ...(values.path !== undefined ? { path: values.path } : {}),
      ...(position !== undefined ? { position } : {}),
      ...(values.enable ? { enabled: true } : values.disable ? { enabled: false } : {}),
      ...(values.lock ? { locked: true } : values.unlock ? { locked: false } : {}),
      ...(values.rename !== undefined ? { rename: values.rename } : {}),
      ...(values.stack !== undefined ? { stack: values.stack } : {}),
    });
    process.stdout.write('OK\n');
    return 0;
  },
};

export const deleteBuildpackCommand: Command = {
  name: 'delete-buildpack',
  summary: 'Remove a registered buildpack (cf delete-buildpack)',
  usage: 'bpkit delete-buildpack BUILDPACK [-f] [-s STACK]',
  help: `Options:
   -f           Force deletion without confirmation
   -s           Which of several same-named buildpacks (by stack)
${DATA_DIR_HELP}`,
  async run(argv) {
    const { values, positionals } = parse(argv, { force: { type: 'boolean', short: 'f' }, stack: { type: 'string', short: 's' }, 'data-dir': { type: 'string' } });
    if (positionals.length !== 1) throw new CliError('Incorrect Usage: the required argument `BUILDPACK` was not provided', 1, true);
    const name = positionals[0] as string;
    if (!values.force && process.stdin.isTTY) {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      const answer = await rl.question(`Really delete the buildpack ${name}? [yN]: `);
      rl.close();
      if (!/^y(es)?$/i.test(answer.trim())) {
        process.stdout.write('Delete cancelled\n');
        return 0;
      }
    }
    const registry = await openRegistry(values['data-dir']);
    process.stdout.write(`Deleting buildpack ${name}...\n`);
    await registry.delete(name, values.stack);
    process.stdout.write('OK\n');
    return 0;
  },
};
