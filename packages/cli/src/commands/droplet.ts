import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppStore, appStateDir, inspectDroplet, table } from '@bpkit/platform';
import { CliError } from '../cli-error.ts';
import { type Command, DATA_DIR_HELP, parse } from '../command.ts';
import { dataDir } from '../locations.ts';

const size = (bytes: number): string =>
  bytes < 1024 ? `${bytes} B` : bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;

export const dropletCommand: Command = {
  name: 'droplet',
  summary: "Inspect an app's droplet or a droplet file: start command, buildpacks, sizes, SBOM summary",
  usage: 'bpkit droplet inspect APP_NAME|DROPLET',
  help: `Shows the start command, process types, buildpacks with their versions, stack, size by top-level entry
(app, deps, …) and a summary of the SBOM (see bpkit sbom).

Options:
${DATA_DIR_HELP}`,
  async run(argv) {
    const { values, positionals } = parse(argv, { 'data-dir': { type: 'string' } });
    if (positionals[0] !== 'inspect' || positionals.length !== 2) {
      throw new CliError('Incorrect Usage: bpkit droplet inspect APP_NAME|DROPLET', 1, true);
    }
    const target = positionals[1] as string;
    const dir = dataDir(values['data-dir']);
    const record = await new AppStore(dir).get(target);
    let droplet: string;
    let inspection;
    if (record) {
      droplet = join(appStateDir(dir, target), 'droplet.tgz');
      if (!existsSync(droplet)) throw new CliError(`App '${target}' has no droplet: push or restage it first`);
      const resultJson = await readFile(join(appStateDir(dir, target), 'result.json'), 'utf8').catch(() => undefined);
      inspection = await inspectDroplet(droplet, {
        name: record.name,
        guid: record.guid,
        stack: record.stack,
        source: record.path,
        ...(resultJson ? { resultJson } : {}),
      });
    } else {
      if (!existsSync(target)) throw new CliError(`App '${target}' not found, and no droplet file at ${resolve(target)}`);
      droplet = resolve(target);
      inspection = await inspectDroplet(droplet);
    }
    const types = Object.entries(inspection.processTypes);
    process.stdout.write(
      [
        `droplet:         ${droplet} (${size(inspection.totalBytes)} unpacked)`,
        `start command:   ${inspection.startCommand}`,
        `process types:   ${types.length > 0 ? types.map(([k, v]) => `${k}: ${v}`).join(', ') : '(no result.json beside the droplet)'}`,
        `stack:           ${inspection.stack}`,
        'buildpacks:',
        ...table([['name', 'version'], ...inspection.buildpacks.map((b) => [b.name, b.version])]).map((l) => `   ${l}`),
        'size by top-level entry:',
        ...table(inspection.sizeByTopLevel.map(([name, bytes]) => [name, size(bytes)])).map((l) => `   ${l}`),
        'SBOM:',
        ...inspection.sbom.map((l) => `   ${l}`),
        '',
      ].join('\n'),
    );
    return 0;
  },
};
