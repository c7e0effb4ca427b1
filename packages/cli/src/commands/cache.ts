import { BUILD_CACHE_LIMIT_ENV, buildCacheLimit, buildCacheReport, clearBuildCache, formatBytes, isoSeconds, table } from '@bpkit/platform';
import { type Command, DATA_DIR_HELP, parse } from '../command.ts';
import { dataDir } from '../locations.ts';
import { inSpace, positionalArgs, requireApp } from './app-target.ts';

export const cacheCommand: Command = {
  name: 'cache',
  summary: "Show or clear an app's build-artifacts cache",
  usage: 'bpkit cache APP_NAME [--clear]',
  help: `Shows what the app's build cache holds, by buildpack: its dependency entries (downloaded tarballs,
unpacked toolchains, node_modules, gems, package-manager caches), their size and when a staging last used
them. Before each staging, a cache over its limit loses its least recently used entries (push --cache-limit,
$${BUILD_CACHE_LIMIT_ENV}; default 1G). --clear empties it, waiting for a staging of the app that runs:
the next staging is a cold one.

Options:
   --clear      Empty the app's build cache
${DATA_DIR_HELP}

Examples:
   bpkit cache my-app
   bpkit cache my-app --clear`,
  async run(argv) {
    const { values, positionals } = parse(argv, { clear: { type: 'boolean' }, 'data-dir': { type: 'string' } });
    const [name] = positionalArgs('cache', positionals, ['APP_NAME']) as [string];
    const dir = dataDir(values['data-dir']);
    await requireApp(dir, name);
    if (values.clear) {
      process.stdout.write(inSpace(`Clearing build cache for app ${name}`));
      await clearBuildCache(dir, name, {
        onWait: () => process.stdout.write(`Waiting for another staging of app ${name} to finish...\n`),
      });
      process.stdout.write('OK\n');
      return 0;
    }
    process.stdout.write(`${inSpace(`Getting build cache for app ${name}`)}\n`);
    const report = await buildCacheReport(dir, name);
    if (report.buildpacks.every((b) => b.entries.length === 0)) {
      process.stdout.write('No build cache for app found.\n');
      return 0;
    }
    const rows = [
      ['buildpack', 'entries', 'size', 'last used'],
      ...report.buildpacks.map((b) => [b.name, String(b.entries.length), formatBytes(b.size), b.lastUsed ? isoSeconds(b.lastUsed) : '']),
    ];
    process.stdout.write(`${table(rows).join('\n')}\n\n`);
    process.stdout.write(`total:   ${formatBytes(report.size)}\n`);
    process.stdout.write(`limit:   ${limitLine()}\n`);
    return 0;
  },
};

/** The limit a push without --cache-limit applies, and where it comes from. */
function limitLine(): string {
  try {
    const limit = formatBytes(buildCacheLimit(process.env));
    return process.env[BUILD_CACHE_LIMIT_ENV]?.trim() ? `${limit} (${BUILD_CACHE_LIMIT_ENV})` : `${limit} (default)`;
  } catch (error) {
    return (error as Error).message;
  }
}
