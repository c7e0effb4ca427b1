// User-provided service instances and their bindings, as cf CLI v8 does them against Cloud Controller: the same
// command names, aliases, arguments, texts, and exit codes; the org, space and user are the local platform's
// ("local" / "local" / "vcap"). Bindings take effect at the app's next staging (`bpkit restage`), as on CF.
// Refusals (a taken name, an unknown app or instance) are the platform's errors, which main prints as cf does:
// the message, then FAILED, exit 1.
import { readFile } from 'node:fs/promises';
import { type ServiceInstanceFields, ServiceStore } from '@bpkit/platform';
import { CliError } from '../cli-error.ts';
import { type Command, DATA_DIR_HELP, parse } from '../command.ts';
import { withPrompter } from '../prompter.ts';
import { dataDir } from '../locations.ts';

const WHERE = 'in org local / space local as vcap';

const out = (text: string): void => {
  process.stdout.write(text);
};

/** cf's ui.DisplayOK: "OK" and an empty line. */
const OK = 'OK\n\n';

/** cf's positional-argument errors: missing ones by name, then the first extra one. */
function positionals(args: readonly string[], names: readonly string[]): string[] {
  if (args.length < names.length) {
    const missing = names.slice(args.length).map((n) => `\`${n}\``);
    throw new CliError(
      missing.length === 1
        ? `Incorrect Usage: the required argument ${missing[0]} was not provided`
        : `Incorrect Usage: the required arguments ${missing.slice(0, -1).join(', ')} and ${missing.at(-1)} were not provided`,
      1,
      true,
    );
  }
  if (args.length > names.length) throw new CliError(`Incorrect Usage: unexpected argument "${args[names.length]}"`, 1, true);
  return [...args];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Go's strings.Trim(s, cutset). */
function trimChars(text: string, cutset: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && cutset.includes(text[start] as string)) start++;
  while (end > start && cutset.includes(text[end - 1] as string)) end--;
  return text.slice(start, end);
}

/**
 * cf's `-p` (flag.CredentialsOrJSON): surrounding quotes trimmed; a JSON object inline; else a readable file,
 * which must hold a JSON object; else comma-separated names to prompt for (except what looks like broken JSON).
 */
async function credentialsFlag(raw: string): Promise<{ value: Record<string, unknown> } | { prompt: string[] }> {
  const input = trimChars(raw, `"'`);
  const inline = parseObject(input);
  if (inline) return { value: inline };
  const contents = input === '' ? undefined : await readFile(input, 'utf8').catch(() => undefined);
  if (contents !== undefined) {
    const fromFile = parseObject(contents);
    if (!fromFile) {
      throw new CliError(`Incorrect Usage: The file '${input}' contains invalid JSON. Please provide a path to a file containing a valid JSON object.`, 1, true);
    }
    return { value: fromFile };
  }
  if (input === '') return { value: {} };
  // cf would take `{"a":1` for the name of a credential to prompt for; JSON that doesn't parse is a mistake.
  if (/^\s*[{[]/.test(input)) {
    throw new CliError('Incorrect Usage: Invalid configuration provided for -p flag. Please provide a valid JSON object or path to a file containing a valid JSON object.', 1, true);
  }
  return { prompt: input.split(',').map((k) => k.trim()) };
}

/** cf's `-t`: comma-separated, each trimmed, empty ones dropped. */
function tagsFlag(raw: string): string[] {
  return raw
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

const UPS_OPTIONS = {
  credentials: { type: 'string', short: 'p' },
  'syslog-drain-url': { type: 'string', short: 'l' },
  'route-service-url': { type: 'string', short: 'r' },
  tags: { type: 'string', short: 't' },
  'data-dir': { type: 'string' },
} as const;

/** The instance fields named by -p, -l, -r, -t; `-p "a, b"` prompts for each name, as cf does, before any output. */
async function upsFields(values: { credentials?: string; 'syslog-drain-url'?: string; 'route-service-url'?: string; tags?: string }): Promise<ServiceInstanceFields> {
  const fields: ServiceInstanceFields = {};
  if (values.credentials !== undefined) {
    const credentials = await credentialsFlag(values.credentials);
    if ('value' in credentials) fields.credentials = credentials.value;
    else {
      fields.credentials = await withPrompter(async (p) => {
        const answers: Record<string, unknown> = {};
        for (const key of credentials.prompt) answers[key] = await p.ask(`${key}: `, true);
        return answers;
      });
    }
  }
  if (values['syslog-drain-url'] !== undefined) fields.syslogDrainUrl = values['syslog-drain-url'];
  if (values['route-service-url'] !== undefined) fields.routeServiceUrl = values['route-service-url'];
  if (values.tags !== undefined) fields.tags = tagsFlag(values.tags);
  return fields;
}

const CREDENTIALS_HELP = (command: string) => `   Pass comma separated credential parameter names to enable interactive mode:
   bpkit ${command} SERVICE_INSTANCE -p "comma, separated, parameter, names"

   Pass credential parameters as JSON to create a service non-interactively:
   bpkit ${command} SERVICE_INSTANCE -p '{"key1":"value1","key2":"value2"}'

   Specify a path to a file containing JSON:
   bpkit ${command} SERVICE_INSTANCE -p PATH_TO_FILE`;

export const createUserProvidedServiceCommand: Command = {
  name: 'create-user-provided-service',
  aliases: ['cups'],
  summary: 'Make a user-provided service instance available to apps (cf create-user-provided-service)',
  usage: 'bpkit create-user-provided-service SERVICE_INSTANCE [-p CREDENTIALS] [-l SYSLOG_DRAIN_URL] [-r ROUTE_SERVICE_URL] [-t TAGS]',
  help: `${CREDENTIALS_HELP('create-user-provided-service')}

ALIAS:
   cups

OPTIONS:
   -l           URL to which logs for bound applications will be streamed
   -p           Credentials, provided inline or in a file, to be exposed in the VCAP_SERVICES environment variable for bound applications
   -r           URL to which requests for bound routes will be forwarded. Scheme for this URL must be https
   -t           User provided tags
${DATA_DIR_HELP}

EXAMPLES:
   bpkit create-user-provided-service my-db-mine -p '{"username":"admin","password":"pa55woRD"}'
   bpkit create-user-provided-service my-db-mine -p /path/to/credentials.json
   bpkit create-user-provided-service my-db-mine -t "list, of, tags"
   bpkit create-user-provided-service my-drain-service -l syslog://example.com

SEE ALSO:
   bind-service, services`,
  async run(argv) {
    const { values, positionals: args } = parse(argv, UPS_OPTIONS);
    const [name] = positionals(args, ['SERVICE_INSTANCE']) as [string];
    const fields = await upsFields(values);
    const store = new ServiceStore(dataDir(values['data-dir']));
    out(`Creating user provided service ${name} ${WHERE}...\n`);
    await store.create(name, fields);
    out(OK);
    return 0;
  },
};

export const updateUserProvidedServiceCommand: Command = {
  name: 'update-user-provided-service',
  aliases: ['uups'],
  summary: 'Update a user-provided service instance (cf update-user-provided-service)',
  usage: 'bpkit update-user-provided-service SERVICE_INSTANCE [-p CREDENTIALS] [-l SYSLOG_DRAIN_URL] [-r ROUTE_SERVICE_URL] [-t TAGS]',
  help: `${CREDENTIALS_HELP('update-user-provided-service')}

Each option given replaces that setting whole: -p replaces all the credentials, -t all the tags.

ALIAS:
   uups

OPTIONS:
   -l           URL to which logs for bound applications will be streamed
   -p           Credentials, provided inline or in a file, to be exposed in the VCAP_SERVICES environment variable for bound applications. Provided credentials will override existing credentials.
   -r           URL to which requests for bound routes will be forwarded. Scheme for this URL must be https
   -t           User provided tags
${DATA_DIR_HELP}

SEE ALSO:
   services`,
  async run(argv) {
    const { values, positionals: args } = parse(argv, UPS_OPTIONS);
    const [name] = positionals(args, ['SERVICE_INSTANCE']) as [string];
    const fields = await upsFields(values);
    const store = new ServiceStore(dataDir(values['data-dir']));
    out(`Updating user provided service ${name} ${WHERE}...\n`);
    if (Object.keys(fields).length === 0) {
      out(`No flags specified. No changes were made.\n${OK}`);
      return 0;
    }
    await store.update(name, fields);
    out(`${OK}TIP: Use 'bpkit restage' for any bound apps to ensure your env variable changes take effect\n`);
    return 0;
  },
};

/** cf's `-c` (flag.JSONOrFileWithValidation): a JSON object inline or in a file. */
async function parametersFlag(raw: string): Promise<Record<string, unknown>> {
  const contents = await readFile(raw, 'utf8').catch(() => raw);
  const value = parseObject(contents);
  if (!value) {
    throw new CliError('Incorrect Usage: Invalid configuration provided for -c flag. Please provide a valid JSON object or path to a file containing a valid JSON object.', 1, true);
  }
  return value;
}

export const bindServiceCommand: Command = {
  name: 'bind-service',
  aliases: ['bs'],
  summary: 'Bind a service instance to an app (cf bind-service)',
  usage: 'bpkit bind-service APP_NAME SERVICE_INSTANCE',
  help: `The app sees the instance in VCAP_SERVICES from its next staging: bpkit restage APP_NAME.

ALIAS:
   bs

OPTIONS:
   -c           Valid JSON object containing service-specific configuration parameters, provided either in-line or in a file (refused for user-provided service instances, as on CF)
   --wait, -w   Wait for the operation to complete (bindings complete at once here)
${DATA_DIR_HELP}

SEE ALSO:
   services`,
  async run(argv) {
    const { values, positionals: args } = parse(argv, { configuration: { type: 'string', short: 'c' }, wait: { type: 'boolean', short: 'w' }, 'data-dir': { type: 'string' } });
    const [app, service] = positionals(args, ['APP_NAME', 'SERVICE_INSTANCE']) as [string, string];
    const parameters = values.configuration !== undefined ? await parametersFlag(values.configuration) : undefined;
    const store = new ServiceStore(dataDir(values['data-dir']));
    out(`Binding service instance ${service} to app ${app} ${WHERE}...\n`);
    const outcome = await store.bind(app, service, parameters ? { parameters } : {});
    if (outcome === 'already-bound') {
      out(`App ${app} is already bound to service instance ${service}.\n${OK}`);
      return 0;
    }
    out(`${OK}TIP: Use 'bpkit restage ${app}' to ensure your env variable changes take effect\n`);
    return 0;
  },
};

export const unbindServiceCommand: Command = {
  name: 'unbind-service',
  aliases: ['us'],
  summary: 'Unbind a service instance from an app (cf unbind-service)',
  usage: 'bpkit unbind-service APP_NAME SERVICE_INSTANCE',
  help: `ALIAS:
   us

OPTIONS:
   --wait, -w   Wait for the operation to complete (unbinding completes at once here)
${DATA_DIR_HELP}

SEE ALSO:
   delete-service, services`,
  async run(argv) {
    const { values, positionals: args } = parse(argv, { wait: { type: 'boolean', short: 'w' }, 'data-dir': { type: 'string' } });
    const [app, service] = positionals(args, ['APP_NAME', 'SERVICE_INSTANCE']) as [string, string];
    const store = new ServiceStore(dataDir(values['data-dir']));
    out(`Unbinding app ${app} from service ${service} ${WHERE}...\n`);
    const outcome = await store.unbind(app, service);
    if (outcome === 'not-bound') out(`Binding between ${service} and ${app} did not exist\n`);
    out(OK);
    return 0;
  },
};

export const servicesCommand: Command = {
  name: 'services',
  aliases: ['s'],
  summary: 'List all service instances (cf services)',
  usage: 'bpkit services [--no-apps]',
  help: `ALIAS:
   s

OPTIONS:
   --no-apps    Do not retrieve bound apps information.
${DATA_DIR_HELP}

SEE ALSO:
   create-user-provided-service, bind-service`,
  async run(argv) {
    const { values, positionals: args } = parse(argv, { 'no-apps': { type: 'boolean' }, 'data-dir': { type: 'string' } });
    positionals(args, []);
    const store = new ServiceStore(dataDir(values['data-dir']));
    out(`Getting service instances ${WHERE}...\n\n`);
    const instances = await store.list();
    if (instances.length === 0) {
      out('No service instances found.\n');
      return 0;
    }
    const showApps = !values['no-apps'];
    const bound = showApps ? await store.boundApps() : new Map<string, string[]>();
    const header = ['name', 'offering', 'plan', ...(showApps ? ['bound apps'] : []), 'last operation', 'broker', 'upgrade available'];
    const rows = instances.map((i) => [
      i.name,
      'user-provided',
      '',
      ...(showApps ? [(bound.get(i.name) ?? []).join(', ')] : []),
      `${i.lastOperation.type} ${i.lastOperation.state}`,
      '',
      '',
    ]);
    const all = [header, ...rows];
    const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] as string).length)));
    for (const row of all) out(`${row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd((widths[c] as number) + 3))).join('').trimEnd()}\n`);
    return 0;
  },
};

export const deleteServiceCommand: Command = {
  name: 'delete-service',
  aliases: ['ds'],
  summary: 'Delete a service instance and its bindings (cf delete-service)',
  usage: 'bpkit delete-service SERVICE_INSTANCE [-f]',
  help: `Without -f, asks for confirmation on stdin (y/yes deletes; an empty line, n or no cancels; a closed stdin fails).
Apps bound to the instance lose it from VCAP_SERVICES at their next staging.

ALIAS:
   ds

OPTIONS:
   -f           Force deletion without confirmation
   --wait, -w   Wait for the operation to complete (deletion completes at once here)
${DATA_DIR_HELP}

SEE ALSO:
   services, unbind-service`,
  async run(argv) {
    const { values, positionals: args } = parse(argv, { force: { type: 'boolean', short: 'f' }, wait: { type: 'boolean', short: 'w' }, 'data-dir': { type: 'string' } });
    const [name] = positionals(args, ['SERVICE_INSTANCE']) as [string];
    const store = new ServiceStore(dataDir(values['data-dir']));
    if (!values.force) {
      out('This action impacts all resources scoped to this service instance, including service bindings, service keys and route bindings.\n');
      out('This will remove the service instance from any spaces where it has been shared.\n');
      const confirmed = await withPrompter((p) => p.confirm(`Really delete the service instance ${name}?`));
      if (!confirmed) {
        out('Delete cancelled\n');
        return 0;
      }
    }
    out(`Deleting service instance ${name} ${WHERE}...\n\n`);
    const unbound = await store.delete(name);
    out(unbound === undefined ? `Service instance ${name} did not exist.\n` : `Service instance ${name} deleted.\n`);
    out(OK);
    return 0;
  },
};
