import { AppStore, appSummary, deleteApp, isRunning, push, readStatus, scaleApp, startSupervised, stopApp, supervisorPid, waitForInstances } from '@bpkit/platform';
import { CliError } from '../cli-error.ts';
import { type Command, DATA_DIR_HELP, integer, megabytes, parse } from '../command.ts';
import { bootstrapNode, dataDir, supervisorLaunch, systemBuildpacksDir } from '../locations.ts';
import { withPrompter } from '../prompter.ts';
import { appCommandArgs, inSpace, positionalArgs, requireApp } from './app-target.ts';

const DATA_DIR = { 'data-dir': { type: 'string' } } as const;

export const stopCommand: Command = {
  name: 'stop',
  summary: "Stop an app's instances (cf stop)",
  usage: 'bpkit stop APP_NAME',
  help: `Options:\n${DATA_DIR_HELP}`,
  async run(argv) {
    const { name, dir, record } = await appCommandArgs('stop', argv, ['APP_NAME']);
    if (!(await isRunning(dir, record)) && record.requestedState === 'stopped') {
      process.stdout.write(`App '${name}' is already stopped.\n\nOK\n`);
      return 0;
    }
    process.stdout.write(`${inSpace(`Stopping app ${name}`)}\n`);
    await stopApp(dir, name);
    process.stdout.write('OK\n');
    return 0;
  },
};

/** Restages from the app's recorded settings and source directory (a `start` of an app never staged does too). */
async function restage(dir: string, name: string, start: boolean): Promise<number> {
  const record = await requireApp(dir, name);
  const node = bootstrapNode();
  const sys = systemBuildpacksDir();
  const result = await push({
    appDir: record.path,
    name,
    buildpacks: record.buildpacks,
    dataDir: dir,
    restage: true,
    ...(start ? { supervisor: supervisorLaunch() } : { noStart: true }),
    ...(node ? { bootstrapNode: node } : {}),
    ...(sys ? { systemBuildpacksDir: sys } : {}),
    ...(process.env.BPKIT_DEPENDENCY_MIRROR ? { platformEnv: { BPKIT_DEPENDENCY_MIRROR: process.env.BPKIT_DEPENDENCY_MIRROR } } : {}),
    stdout: process.stdout,
    stderr: process.stderr,
  });
  return result.exitCode;
}

export const startCommand: Command = {
  name: 'start',
  summary: 'Start an app from its droplet, without staging again (cf start)',
  usage: 'bpkit start APP_NAME',
  help: `An app that has never staged is staged first.\n\nOptions:\n${DATA_DIR_HELP}`,
  async run(argv) {
    const { name, dir, record } = await appCommandArgs('start', argv, ['APP_NAME']);
    if (await isRunning(dir, record)) {
      process.stdout.write(`App '${name}' is already started.\n\nOK\n`);
      return 0;
    }
    process.stdout.write(inSpace(`Starting app ${name}`));
    if (!record.droplet) return restage(dir, name, true);
    return startSupervised(dir, name, supervisorLaunch(), process.stdout, process.stderr, 'Waiting for app to start...');
  },
};

export const restartCommand: Command = {
  name: 'restart',
  summary: "Stop and start an app's instances again, from the same droplet (cf restart)",
  usage: 'bpkit restart APP_NAME',
  help: `Options:\n${DATA_DIR_HELP}`,
  async run(argv) {
    const { name, dir, record } = await appCommandArgs('restart', argv, ['APP_NAME']);
    process.stdout.write(inSpace(`Restarting app ${name}`));
    if (!record.droplet) return restage(dir, name, true);
    process.stdout.write('\nStopping app...\n');
    return startSupervised(dir, name, supervisorLaunch(), process.stdout, process.stderr, 'Waiting for app to start...');
  },
};

export const restageCommand: Command = {
  name: 'restage',
  summary: 'Stage an app again with its current settings, then restart it if it was started (cf restage)',
  usage: 'bpkit restage APP_NAME',
  help: `Stages the app's source directory as last pushed, with its environment (set-env) and bound services.

Options:\n${DATA_DIR_HELP}`,
  async run(argv) {
    const { name, dir, record } = await appCommandArgs('restage', argv, ['APP_NAME']);
    return restage(dir, name, record.requestedState === 'started');
  },
};

export const deleteCommand: Command = {
  name: 'delete',
  summary: 'Stop an app and delete it with its droplet, cache and logs (cf delete)',
  usage: 'bpkit delete APP_NAME [-f]',
  help: `Options:
   -f           Force deletion without confirmation
${DATA_DIR_HELP}`,
  async run(argv) {
    const { values, positionals } = parse(argv, { force: { type: 'boolean', short: 'f' }, ...DATA_DIR });
    const [name] = positionalArgs('delete', positionals, ['APP_NAME']) as [string];
    const dir = dataDir(values['data-dir']);
    if (!values.force && !(await withPrompter((p) => p.confirm(`Really delete the app ${name}?`)))) {
      process.stdout.write('Delete cancelled\n');
      return 0;
    }
    process.stdout.write(inSpace(`Deleting app ${name}`));
    if (!(await new AppStore(dir).get(name))) {
      process.stdout.write(`App '${name}' does not exist.\nOK\n`);
      return 0;
    }
    await deleteApp(dir, name);
    process.stdout.write('OK\n');
    return 0;
  },
};

export const scaleCommand: Command = {
  name: 'scale',
  summary: "Change an app's instance count (each on its own port) or its limits (cf scale)",
  usage: 'bpkit scale APP_NAME [-i INSTANCES] [-m MEMORY] [-k DISK]',
  help: `Options:
   -i           Number of instances; each gets its own port and CF_INSTANCE_INDEX
   -m           Memory limit (e.g. 256M, 1G); a running app is restarted
   -k           Disk limit (e.g. 512M, 1G); a running app is restarted
${DATA_DIR_HELP}`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      instances: { type: 'string', short: 'i' },
      memory: { type: 'string', short: 'm' },
      disk: { type: 'string', short: 'k' },
      ...DATA_DIR,
    });
    const [name] = positionalArgs('scale', positionals, ['APP_NAME']) as [string];
    const dir = dataDir(values['data-dir']);
    const before = await requireApp(dir, name);
    const instances = integer(values.instances, '-i', 0);
    const memoryMb = megabytes(values.memory, '-m');
    const diskMb = megabytes(values.disk, '-k');
    const running = await isRunning(dir, before);
    if (instances === undefined && memoryMb === undefined && diskMb === undefined) {
      process.stdout.write(`${inSpace(`Showing current scale of app ${name}`)}\n`);
      process.stdout.write(appSummary(before, running ? await readStatus(dir, name) : undefined, running));
      return 0;
    }
    process.stdout.write(inSpace(`Scaling app ${name}`));
    const record = await scaleApp(dir, name, {
      ...(instances !== undefined ? { instances } : {}),
      ...(memoryMb !== undefined ? { memoryMb } : {}),
      ...(diskMb !== undefined ? { diskMb } : {}),
    });
    // New limits need new containers, as on CF; a new instance count does not.
    if (running && (memoryMb !== undefined || diskMb !== undefined)) {
      process.stdout.write('\nStopping app...\n');
      return startSupervised(dir, name, supervisorLaunch(), process.stdout, process.stderr, 'Waiting for app to start...');
    }
    if (running && instances !== undefined) {
      return startWait(dir, name, record.instances);
    }
    process.stdout.write('\nOK\n');
    return 0;
  },
};

/** After a scale of a running app: waits for the new instances, then shows the app. */
async function startWait(dir: string, name: string, instances: number): Promise<number> {
  const pid = await supervisorPid(dir, name);
  if (pid === undefined) throw new CliError(`App '${name}' is not running.`);
  const outcome = await waitForInstances(dir, name, pid, instances, 120_000);
  const record = await requireApp(dir, name);
  process.stdout.write('\n');
  process.stdout.write(appSummary(record, outcome.status, true));
  if (outcome.state !== 'running') {
    process.stderr.write(`Instances did not all start: see 'bpkit logs ${name} --recent'\nFAILED\n`);
    return 1;
  }
  return 0;
}
