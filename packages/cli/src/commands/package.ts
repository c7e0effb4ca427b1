import { dirname, join } from 'node:path';
import { redact } from '@bpkit/log';
import {
  type PackageResult,
  type PreparedPackage,
  loadPackagingManifest,
  locateBuildpack,
  packageAll,
  packagingSummary,
  preparePackage,
  releaseTable,
} from '@bpkit/packager';
import { CliError } from '../cli-error.ts';
import { type Command, parse } from '../command.ts';
import { systemBuildpacksDir } from '../locations.ts';

/** libbuildpack's buildpack-packager prints exactly this after each zip (size in whole MB, rounded down). */
function createdLine(zip: PackageResult): string {
  const kind = zip.cached ? 'cached' : 'uncached';
  return `${kind} buildpack created and saved as ${zip.path} with a size of ${Math.floor(zip.size / 1024 / 1024)}MB\n`;
}

/** Packaging failures read as buildpack-packager's do: `error while creating zipfile: <reason>`. */
async function cfErrors<T>(prefix: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${prefix}: ${redact((error as Error).message)}`);
  }
}

export const packageCommand: Command = {
  name: 'package',
  summary: 'Package a buildpack as a cached or uncached zip (CF buildpack-packager)',
  usage: `bpkit package BUILDPACK [--cached] [--stack STACK | --any-stack] [--version V] [--use-custom-manifest FILE]
                 [--force-download] [--cache-dir DIR] [-o OUT_DIR]
   bpkit package BUILDPACK --summary [--use-custom-manifest FILE]
   bpkit package --all [--cached] [--uncached] [--stack STACK] [-o OUT_DIR]`,
  help: `BUILDPACK is a workspace buildpack (binary, or binary_buildpack: a directory under buildpacks/) or a
path to a buildpack package directory. A bpkit package is packaged from its build/ (run \`pnpm build\`
first); a plain CF-layout directory (bin/ and manifest.yml) is packaged as it is.

The zip is named <language>_buildpack[-cached][-<stack>]-v<version>.zip and gets a VERSION file and a
rewritten manifest.yml (sorted keys; a stack zip sets stack: and keeps only that stack's dependencies; a
cached zip vendors every dependency at dependencies/<md5(uri)>/<basename> and sets file:). The same
inputs give a byte-identical zip.

Options:
   --cached                Vendor the dependencies (and the bootstrap's Node.js) so it stages offline
   --uncached              An uncached zip (the default; with --cached, write both)
   --stack                 Package for one stack (cflinuxfs4, cflinuxfs5): only its dependencies
   --any-stack             Package for every stack (the default)
   --version               Version to package as (default: the buildpack's VERSION)
   --use-custom-manifest   Package this manifest.yml instead of the buildpack's
   --force-download        Download dependencies even when the download cache has them
   --cache-dir             Download cache (default $BPKIT_PACKAGER_CACHE or $XDG_CACHE_HOME/bpkit/packager)
   -o                      Directory for the zip (default: the buildpack's package directory;
                           with --all: out/ at the repository root)
   --summary               Print the dependencies and default versions instead of packaging
   --all                   Package every workspace buildpack and write SHA256SUMS (the release flow)

Examples:
   bpkit package binary --cached --stack cflinuxfs4 -o out/
   bpkit package binary --summary
   bpkit package --all --cached --uncached -o out/`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      cached: { type: 'boolean' },
      uncached: { type: 'boolean' },
      stack: { type: 'string' },
      'any-stack': { type: 'boolean' },
      version: { type: 'string' },
      'use-custom-manifest': { type: 'string' },
      'force-download': { type: 'boolean' },
      'cache-dir': { type: 'string' },
      output: { type: 'string', short: 'o' },
      summary: { type: 'boolean' },
      all: { type: 'boolean' },
    });
    if (values.stack !== undefined && values['any-stack']) {
      throw new CliError('Incorrect Usage: The following arguments cannot be used together: --stack, --any-stack', 1, true);
    }
    if (values.stack === '') throw new CliError('Incorrect Usage: --stack needs a stack name', 1, true);
    const workspaceDir = systemBuildpacksDir();
    const kinds = [...(values.uncached || !values.cached ? (['uncached'] as const) : []), ...(values.cached ? (['cached'] as const) : [])];
    const common = {
      ...(values.stack !== undefined ? { stack: values.stack } : {}),
      ...(values['cache-dir'] !== undefined ? { cacheDir: values['cache-dir'] } : {}),
      forceDownload: values['force-download'] ?? false,
    };

    if (values.all) {
      if (positionals.length > 0) throw new CliError('Incorrect Usage: --all packages every workspace buildpack; give no BUILDPACK', 1, true);
      for (const flag of ['summary', 'version', 'use-custom-manifest'] as const) {
        if (values[flag] !== undefined) throw new CliError(`Incorrect Usage: The following arguments cannot be used together: --all, --${flag}`, 1, true);
      }
      if (!workspaceDir) throw new CliError('--all needs the repository\'s buildpacks/ directory (set BPKIT_SYSTEM_BUILDPACKS)');
      const outDir = values.output ?? join(dirname(workspaceDir), 'out');
      const result = await cfErrors('error while creating zipfile', () =>
        packageAll({ ...common, workspaceDir, outDir, kinds: [...kinds], onZip: (zip) => process.stdout.write(createdLine(zip)) }),
      );
      process.stdout.write(`\nChecksums written to ${result.sha256sums}\n\n${releaseTable(result.zips)}`);
      return 0;
    }

    if (positionals.length !== 1) throw new CliError('Incorrect Usage: the required argument `BUILDPACK` was not provided', 1, true);
    const spec = positionals[0] as string;
    const customManifest = values['use-custom-manifest'];

    if (values.summary) {
      const text = await cfErrors('error reading dependencies from manifest', async () =>
        packagingSummary(await loadPackagingManifest(await locateBuildpack(spec, workspaceDir), customManifest)),
      );
      process.stdout.write(`${text}\n`);
      return 0;
    }

    await cfErrors('error while creating zipfile', async () => {
      const buildpack = await locateBuildpack(spec, workspaceDir);
      // Both kinds are checked before either zip is written.
      const jobs: PreparedPackage[] = [];
      try {
        for (const kind of kinds) {
          jobs.push(
            await preparePackage({
              ...common,
              buildpack,
              cached: kind === 'cached',
              ...(values.version !== undefined ? { version: values.version } : {}),
              ...(customManifest !== undefined ? { manifestFile: customManifest } : {}),
              ...(values.output !== undefined ? { outDir: values.output } : {}),
            }),
          );
        }
        for (const job of jobs) process.stdout.write(createdLine(await job.write()));
      } finally {
        await Promise.all(jobs.map((j) => j.dispose()));
      }
    });
    return 0;
  },
};
