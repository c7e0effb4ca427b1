import { redact } from '@bpkit/log';
import { RegistryError } from '@bpkit/platform';
import { CliError } from './cli-error.ts';
import type { Command } from './command.ts';
import { buildpacksCommand, createBuildpackCommand, deleteBuildpackCommand, updateBuildpackCommand } from './commands/buildpacks.ts';
import { builderCommand, launcherCommand } from './commands/lifecycle.ts';
import { newCommand } from './commands/new.ts';
import { packageCommand } from './commands/package.ts';
import { pushCommand } from './commands/push.ts';
import { runCommand } from './commands/run.ts';
import { stageCommand } from './commands/stage.ts';
import { appCommand, appsCommand } from './commands/apps.ts';
import { cacheCommand } from './commands/cache.ts';
import { envCommand, setEnvCommand, unsetEnvCommand } from './commands/app-env.ts';
import { deleteCommand, restageCommand, restartCommand, scaleCommand, startCommand, stopCommand } from './commands/app-state.ts';
import { eventsCommand } from './commands/events.ts';
import { logsCommand } from './commands/logs.ts';
import { superviseCommand } from './commands/supervise.ts';
import { dropletCommand } from './commands/droplet.ts';
import { sbomCommand } from './commands/sbom.ts';
import {
  bindServiceCommand,
  createUserProvidedServiceCommand,
  deleteServiceCommand,
  servicesCommand,
  unbindServiceCommand,
  updateUserProvidedServiceCommand,
} from './commands/services.ts';

const COMMANDS: Command[] = [
  pushCommand,
  appsCommand,
  appCommand,
  logsCommand,
  startCommand,
  stopCommand,
  restartCommand,
  restageCommand,
  scaleCommand,
  deleteCommand,
  envCommand,
  setEnvCommand,
  unsetEnvCommand,
  eventsCommand,
  sbomCommand,
  dropletCommand,
  cacheCommand,
  stageCommand,
  runCommand,
  buildpacksCommand,
  createBuildpackCommand,
  updateBuildpackCommand,
  deleteBuildpackCommand,
  packageCommand,
  newCommand,
  builderCommand,
  launcherCommand,
  servicesCommand,
  createUserProvidedServiceCommand,
  updateUserProvidedServiceCommand,
  bindServiceCommand,
  unbindServiceCommand,
  deleteServiceCommand,
  superviseCommand,
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `bpkit: Cloud Foundry buildpacks, a local stager and launcher, and a packager

Usage: bpkit COMMAND [ARGS...]    (bpkit COMMAND --help for a command's options)

Commands:
${COMMANDS.filter((c) => !c.name.startsWith('_')).map((c) => `   ${c.name.padEnd(width + 3)}${c.summary}`).join('\n')}
`;
}

function commandHelp(c: Command): string {
  return `NAME:\n   ${c.name} - ${c.summary}\n\nUSAGE:\n   ${c.usage}\n\n${c.help}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? COMMANDS.find((c) => c.name === rest[0] || c.aliases?.includes(rest[0] as string)) : undefined;
    process.stdout.write(target ? commandHelp(target) : usage());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
  if (!command) {
    process.stderr.write(`'${name}' is not a registered command. See 'bpkit help'\n`);
    return 1;
  }
  // builder and launcher take Go-style flags and pass everything through.
  if (command.name !== 'builder' && command.name !== 'launcher' && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      if (error.showUsage) process.stderr.write(`\n${commandHelp(command)}`);
      else process.stderr.write('FAILED\n');
      return error.exitCode;
    }
    if (error instanceof RegistryError) {
      process.stderr.write(`${error.message}\nFAILED\n`);
      return 1;
    }
    failed(error);
    return 1;
  }
}

/** An unexpected error: its message and the cf CLI's FAILED; the stack only under BPKIT_DEBUG or BP_DEBUG. */
function failed(error: unknown): void {
  process.stderr.write(`${redact(error instanceof Error ? error.message : String(error))}\nFAILED\n`);
  if ((process.env.BPKIT_DEBUG || process.env.BP_DEBUG) && error instanceof Error) process.stderr.write(`${redact(error.stack ?? '')}\n`);
}

// A library's exception outside any awaited promise (undici 7's socket 'end' handler did) is still a failed command:
// the cf CLI's `FAILED`, never Node's stack trace.
const failUncaught = (error: unknown): void => {
  failed(error);
  process.exit(1);
};
process.on('uncaughtException', failUncaught);
process.on('unhandledRejection', failUncaught);

process.exitCode = await main(process.argv.slice(2));
