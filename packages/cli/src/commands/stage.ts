import { basename, join, resolve } from 'node:path';
import { DEFAULT_STACK, Registry, appGuid, resolveBuildpacks, stageApp, stagingFailure, stagingLog } from '@bpkit/platform';
import { CliError } from '../cli-error.ts';
import { type Command, envPairs, megabytes, parse } from '../command.ts';
import { interruptible } from '@bpkit/stager';
import { bootstrapNode, dataDir, systemBuildpacksDir } from '../locations.ts';

export const stageCommand: Command = {
  name: 'stage',
  summary: 'Stage an app into a droplet and result.json, without starting it',
  usage: 'bpkit stage APP_DIR [-b BUILDPACK]... [-s STACK] [-e KEY=VAL]... [-o OUT_DIR]',
  help: `Options:
   -b           Buildpack (name, directory, zip or URL); repeatable; naming any skips detect
   -s           Stack: cflinuxfs4 (the default) or cflinuxfs5
   -e           Environment variable KEY=VAL (repeatable)
   -m           Memory limit (default 1G)
   -o           Directory for droplet.tgz and result.json (default: the current directory)
   --name       App name (default: the directory's name)
   --strict           Fail staging when a supply writes outside its deps/<idx> (default: a warning)
   --data-dir   Platform state directory

Example:
   bpkit stage ./app -b binary_buildpack -o out/ && bpkit run out/droplet.tgz -c ./app`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      buildpack: { type: 'string', short: 'b', multiple: true },
      stack: { type: 'string', short: 's' },
      env: { type: 'string', short: 'e', multiple: true },
      memory: { type: 'string', short: 'm' },
      output: { type: 'string', short: 'o' },
      name: { type: 'string' },
      strict: { type: 'boolean' },
      'data-dir': { type: 'string' },
    });
    if (positionals.length !== 1) throw new CliError('Incorrect Usage: stage takes exactly one APP_DIR', 1, true);
    const appDir = resolve(positionals[0] as string);
    const name = values.name ?? basename(appDir);
    const stack = values.stack ?? DEFAULT_STACK;
    const dir = dataDir(values['data-dir']);
    const sys = systemBuildpacksDir();
    const registry = await Registry.open({ dataDir: dir, ...(sys ? { systemBuildpacksDir: sys } : {}) });
    const specs = values.buildpack ?? [];
    const order = specs.length > 0 ? await resolveBuildpacks(specs, registry, stack) : await registry.detectOrder(stack);
    const log = stagingLog();
    log.pipe(process.stdout, { end: false });
    const node = bootstrapNode();
    const out = resolve(values.output ?? '.');
    const { value: staged, interrupted } = await interruptible(() =>
      stageApp({
        app: { name, guid: appGuid(name), stack, memoryMb: megabytes(values.memory, '-m') ?? 1024, diskMb: 1024, env: envPairs(values.env), services: {}, uris: [] },
        appDir,
        dataDir: dir,
        buildpacks: order,
        skipDetect: specs.length > 0,
        // Without -b: which buildpacks detect tried, and why each declined.
        detectTrace: true,
        supplyWatch: values.strict ? 'strict' : 'warn',
        stdout: log,
        stderr: log,
        exportTo: out,
        ...(node ? { bootstrapNode: node } : {}),
      }),
    );
    await new Promise<void>((r) => log.end(r));
    if (interrupted !== undefined) return interrupted;
    if (staged.exitCode !== 0) {
      const failure = stagingFailure(staged.exitCode);
      process.stdout.write(`   Staging failed: Exited with status ${staged.exitCode}\n`);
      process.stderr.write(`${failure.name} - ${failure.description}\nFAILED\n`);
      return staged.exitCode;
    }
    process.stdout.write(`Droplet: ${join(out, 'droplet.tgz')}\nResult:  ${join(out, 'result.json')}\nOK\n`);
    return 0;
  },
};
