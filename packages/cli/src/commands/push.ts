import { basename, resolve } from 'node:path';
import { type HealthCheckType, push } from '@bpkit/platform';
import { CliError } from '../cli-error.ts';
import { type Command, envPairs, integer, megabytes, parse } from '../command.ts';
import { interruptible } from '@bpkit/stager';
import { bootstrapNode, dataDir, systemBuildpacksDir } from '../locations.ts';

const HEALTH_CHECKS: readonly HealthCheckType[] = ['port', 'process', 'http'];

export const pushCommand: Command = {
  name: 'push',
  summary: 'Stage an app through buildpacks and start it (cf push)',
  usage: 'bpkit push APP_DIR [-b BUILDPACK]... [-c CMD] [-s STACK] [-e KEY=VAL]... [--port N]',
  help: `Options:
   -b                 Buildpack: a registered name (binary_buildpack or binary-buildpack), a buildpack
                      directory or zip, or a git/zip URL (#branch, #tag, #sha). Repeat for multi-buildpack
                      staging; the last one is final. Naming any skips detect, as on CF.
   -c                 Start command; beats the Procfile and the buildpack's release
   -s                 Stack (default cflinuxfs4)
   -e                 Environment variable KEY=VAL for staging and runtime (repeatable)
   -m                 Memory limit, e.g. 256M or 1G (default 1G)
   -k                 Disk limit (default 1G)
   -u                 Health check type: port (default), process or http
   --endpoint         Path for the http health check (default /)
   -t                 Seconds to wait for the app to become healthy (default 60)
   --port             Port for the app (default: a free one)
   --name             App name (default: the directory's name)
   --no-start         Stage only; keep the droplet
   --strict           Fail staging when a supply writes outside its deps/<idx> (default: a warning)
   --data-dir         Platform state (default $BPKIT_HOME or $XDG_DATA_HOME/bpkit)

The app keeps running in the foreground, its logs streamed as cf logs shows them, until Ctrl-C.

Example:
   bpkit push ./e2e/apps/go-hello -b binary_buildpack -c ./app`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      buildpack: { type: 'string', short: 'b', multiple: true },
      command: { type: 'string', short: 'c' },
      stack: { type: 'string', short: 's' },
      env: { type: 'string', short: 'e', multiple: true },
      memory: { type: 'string', short: 'm' },
      disk: { type: 'string', short: 'k' },
      'health-check-type': { type: 'string', short: 'u' },
      endpoint: { type: 'string' },
      timeout: { type: 'string', short: 't' },
      port: { type: 'string' },
      name: { type: 'string' },
      'no-start': { type: 'boolean' },
      strict: { type: 'boolean' },
      'data-dir': { type: 'string' },
    });
    if (positionals.length !== 1) throw new CliError('Incorrect Usage: push takes exactly one APP_DIR', 1, true);
    const buildpacks = values.buildpack ?? [];
    if (buildpacks.some((b) => b === 'null' || b === 'default') && buildpacks.length > 1) {
      throw new CliError("Incorrect Usage: '-b null' and '-b default' cannot be combined with other buildpacks", 1, true);
    }
    const type = (values['health-check-type'] ?? 'port') as HealthCheckType;
    if (!HEALTH_CHECKS.includes(type)) throw new CliError(`Incorrect Usage: -u must be one of ${HEALTH_CHECKS.join(', ')}`, 1, true);
    const memoryMb = megabytes(values.memory, '-m');
    const diskMb = megabytes(values.disk, '-k');
    const port = integer(values.port, '--port', 1);
    const timeout = integer(values.timeout, '-t', 1);
    const node = bootstrapNode();
    const sys = systemBuildpacksDir();
    const command = values.command === 'null' || values.command === 'default' ? undefined : values.command;
    const { value: result, interrupted } = await interruptible(() =>
      push({
        appDir: positionals[0] as string,
        buildpacks: buildpacks.filter((b) => b !== 'null' && b !== 'default'),
        env: envPairs(values.env),
        dataDir: dataDir(values['data-dir']),
        stdout: process.stdout,
        stderr: process.stderr,
        healthCheck: { type, ...(values.endpoint ? { endpoint: values.endpoint } : {}), ...(timeout ? { timeoutSeconds: timeout } : {}) },
        ...(values.name ? { name: values.name } : {}),
        ...(command !== undefined ? { command } : {}),
        ...(values.stack ? { stack: values.stack } : {}),
        ...(memoryMb ? { memoryMb } : {}),
        ...(diskMb ? { diskMb } : {}),
        ...(port ? { port } : {}),
        ...(values['no-start'] ? { noStart: true } : {}),
        ...(values.strict ? { strict: true } : {}),
        ...(node ? { bootstrapNode: node } : {}),
        ...(sys ? { systemBuildpacksDir: sys } : {}),
        ...(process.env.BPKIT_DEPENDENCY_MIRROR ? { platformEnv: { BPKIT_DEPENDENCY_MIRROR: process.env.BPKIT_DEPENDENCY_MIRROR } } : {}),
      }),
    );
    if (interrupted !== undefined) {
      await result.app?.stop();
      return interrupted;
    }
    const app = result.app;
    if (!app) return result.exitCode;
    process.stdout.write('App logs (Ctrl-C stops the app):\n');
    let stopping = false;
    const stop = () => {
      stopping = true;
      process.stdout.write(`\nStopping app ${values.name ?? basename(resolve(positionals[0] as string))}...\n`);
      void app.stop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const code = await app.exited;
    if (stopping) {
      process.stdout.write('OK\n');
      return 0;
    }
    process.stdout.write(`App instance exited with status ${code}\n`);
    return code;
  },
};
