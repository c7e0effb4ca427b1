import { basename, join, resolve } from 'node:path';
import { DEFAULT_STACK, StartError, appGuid, appStateDir, startApp } from '@bpkit/platform';
import { CliError } from '../cli-error.ts';
import { type Command, envPairs, integer, megabytes, parse } from '../command.ts';
import { dataDir } from '../locations.ts';

export const runCommand: Command = {
  name: 'run',
  summary: 'Start a staged droplet with the launcher, as Diego runs an app instance',
  usage: 'bpkit run DROPLET [-c CMD] [-e KEY=VAL]... [--port N]',
  help: `Options:
   -c           Start command (default: the droplet's staging_info.yml start_command)
   -e           Environment variable KEY=VAL (repeatable)
   -m           Memory limit (default 1G)
   -u           Health check type: port (default), process or http
   -t           Seconds to wait for the app to become healthy (default 60)
   --port       Port (default: a free one)
   --name       App name (default: the droplet file's name)
   --data-dir   Platform state directory`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      command: { type: 'string', short: 'c' },
      env: { type: 'string', short: 'e', multiple: true },
      memory: { type: 'string', short: 'm' },
      'health-check-type': { type: 'string', short: 'u' },
      timeout: { type: 'string', short: 't' },
      port: { type: 'string' },
      name: { type: 'string' },
      'data-dir': { type: 'string' },
    });
    if (positionals.length !== 1) throw new CliError('Incorrect Usage: run takes exactly one DROPLET', 1, true);
    const droplet = resolve(positionals[0] as string);
    const name = values.name ?? basename(droplet).replace(/\.(tgz|tar\.gz)$/, '');
    const dir = dataDir(values['data-dir']);
    const port = integer(values.port, '--port', 1);
    const timeout = integer(values.timeout, '-t', 1);
    const type = (values['health-check-type'] ?? 'port') as 'port' | 'process' | 'http';
    try {
      const app = await startApp({
        app: { name, guid: appGuid(name), stack: DEFAULT_STACK, memoryMb: megabytes(values.memory, '-m') ?? 1024, diskMb: 1024, env: envPairs(values.env), services: {}, uris: [] },
        dropletPath: droplet,
        instanceRoot: join(appStateDir(dir, name), 'instances', 'run'),
        dataDir: dir,
        healthCheck: { type, ...(timeout ? { timeoutSeconds: timeout } : {}) },
        stdout: process.stdout,
        stderr: process.stderr,
        ...(values.command !== undefined ? { command: values.command } : {}),
        ...(port ? { port } : {}),
      });
      process.stdout.write(`App ${name} is running at ${app.url} (Ctrl-C stops it)\n`);
      const stop = () => void app.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const code = await app.exited;
      return code === 143 || code === 130 ? 0 : code;
    } catch (error) {
      if (error instanceof StartError) {
        process.stderr.write('Start unsuccessful\nFAILED\n');
        return error.exitCode && error.exitCode !== 0 ? error.exitCode : 1;
      }
      throw error;
    }
  },
};
