import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { AppStore, type SbomFormat, appStateDir, dropletSbomInput, readDropletContents, readKeptSbom, renderSbom } from '@bpkit/platform';
import { CliError } from '../cli-error.ts';
import { type Command, DATA_DIR_HELP, parse } from '../command.ts';
import { dataDir } from '../locations.ts';

const FORMATS: readonly SbomFormat[] = ['cyclonedx', 'spdx'];

export const sbomCommand: Command = {
  name: 'sbom',
  summary: "Print the SBOM of an app's droplet or of a droplet file: CycloneDX 1.6 or SPDX 2.3 JSON",
  usage: 'bpkit sbom APP_NAME|DROPLET [--format cyclonedx|spdx]',
  help: `Lists what the buildpacks installed (name, version, sha256, source URL and sha256, which buildpack, where in
the droplet) and the app's own modules, gems and packages from its lockfiles. Every staging writes both
formats into the droplet (.bpkit/sbom.cdx.json, .bpkit/sbom.spdx.json) and keeps them beside result.json.
A droplet staged elsewhere gets one made from the lockfiles it holds.

Options:
   --format     cyclonedx (default) or spdx
${DATA_DIR_HELP}`,
  async run(argv) {
    const { values, positionals } = parse(argv, { format: { type: 'string' }, 'data-dir': { type: 'string' } });
    if (positionals.length !== 1) throw new CliError('Incorrect Usage: the required argument `APP_NAME|DROPLET` was not provided', 1, true);
    const format = (values.format ?? 'cyclonedx') as SbomFormat;
    if (!FORMATS.includes(format)) throw new CliError(`Incorrect Usage: --format must be one of ${FORMATS.join(', ')}`, 1, true);
    const target = positionals[0] as string;
    const dir = dataDir(values['data-dir']);
    const record = await new AppStore(dir).get(target);
    if (record) {
      const kept = await readKeptSbom(appStateDir(dir, target), format);
      if (!kept) throw new CliError(`App '${target}' has no SBOM: it has not been staged by this version of bpkit (bpkit restage ${target})`);
      process.stdout.write(kept);
      return 0;
    }
    if (!existsSync(target)) throw new CliError(`App '${target}' not found, and no droplet file at ${resolve(target)}`);
    const droplet = resolve(target);
    const contents = await readDropletContents(droplet);
    const kept = contents.sboms[format];
    if (kept) {
      process.stdout.write(kept);
      return 0;
    }
    const input = await dropletSbomInput({ droplet, appName: basename(target).replace(/\.(tgz|tar\.gz)$/, ''), stack: 'cflinuxfs4' }, contents);
    process.stdout.write(renderSbom(input, format));
    return 0;
  },
};
