import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  type AppManifest,
  type HealthCheckType,
  type ManifestApp,
  ManifestError,
  applyPushFlags,
  parseVarFlags,
  readAppManifest,
  readVarsFiles,
} from '@bpkit/app-manifest';
import { type PushOptions, buildCacheLimit, parseByteSize, push } from '@bpkit/platform';
import { interruptible } from '@bpkit/stager';
import { CliError } from '../cli-error.ts';
import { type Command, DATA_DIR_HELP, envPairs, integer, megabytes, parse } from '../command.ts';
import { bootstrapNode, dataDir, supervisorLaunch, systemBuildpacksDir } from '../locations.ts';

const HEALTH_CHECKS: readonly HealthCheckType[] = ['port', 'process', 'http'];

const isDirectory = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

/** bpkit's first form, `bpkit push ./app`: a directory where cf takes an app name. */
const looksLikeDirectory = (arg: string): boolean => arg === '.' || arg === '..' || arg.includes('/') || isDirectory(arg);

/** A manifest route's explicit port becomes the local port of instance 0 (`myapp.example.com:8080`). */
function routePort(app: ManifestApp): number | undefined {
  for (const route of app.routes ?? []) {
    const m = /^(?:[a-z]+:\/\/)?[^/:]+:(\d+)(?:\/|$)/i.exec(route);
    if (m) return Number(m[1]);
  }
  return undefined;
}

export const pushCommand: Command = {
  name: 'push',
  summary: 'Push apps from a manifest or flags: stage through buildpacks and start them (cf push)',
  usage: 'bpkit push [APP_NAME] [-p PATH] [-f MANIFEST | --no-manifest] [-b BUILDPACK]... [-c CMD] [-i N] [-m MEM] [--attach]',
  help: `Reads ./manifest.yml when there is one (cf's app manifest: applications, env, services, routes, ((vars))).
With several applications in it, push pushes them all, or the one named. Flags override the manifest.

Options:
   -p                 Path to the app directory (default: the manifest's path, else the current directory)
   -f                 Path to a manifest (default ./manifest.yml when present)
   --no-manifest      Ignore manifest.yml
   --vars-file        YAML file of ((variables)) for the manifest (repeatable, later wins)
   --var              One variable KEY=VALUE (repeatable; beats --vars-file)
   -b                 Buildpack: a registered name (binary_buildpack or binary-buildpack), a buildpack
                      directory or zip, or a git/zip URL (#branch, #tag, #sha). Repeat for multi-buildpack
                      staging; the last one is final. Naming any skips detect, as on CF. -b default: detect.
   -c                 Start command; beats the Procfile and the buildpack's release (-c null resets it)
   -s                 Stack: cflinuxfs4 (the default) or cflinuxfs5; kept by the app for later pushes
   -e                 Environment variable KEY=VAL for this push's staging and instances (repeatable;
                      bpkit only: set-env or the manifest's env keep a variable for every push)
   -i                 Number of instances, each on its own port
   -m                 Memory limit, e.g. 256M or 1G (default 1G)
   -k                 Disk limit (default 1G)
   -u                 Health check type: port (default), process or http
   --endpoint         Path for the http health check (default /)
   -t                 Seconds to wait for the app to become healthy (default 60)
   --no-route         No route: the app gets a port (PORT) but no URL is shown
   --random-route     A new random port rather than the one the app had
   --port             Port of instance 0's route (bpkit only; a manifest route's :port does the same)
   --no-start         Stage only; the app stays stopped with its droplet kept
   --attach           Run one instance in the foreground with its logs, until Ctrl-C (no supervisor)
   --strict           Fail staging when a supply writes outside its deps/<idx> (default: a warning)
   --cache-limit      Most the app's build cache may hold, e.g. 512M or 2G (default $BPKIT_BUILD_CACHE_LIMIT,
                      else 1G): before staging, least recently used entries are evicted, with a warning
${DATA_DIR_HELP}

The apps keep running after push returns; see bpkit apps, logs, stop, restart, scale and delete.
bpkit push DIR (a directory where cf takes APP_NAME) pushes DIR with DIR/manifest.yml if it has one.

Examples:
   bpkit push
   bpkit push go-hello -p ./e2e/apps/go-hello -b binary_buildpack -c ./app
   bpkit push ./e2e/apps/go-hello -b binary_buildpack -c ./app --attach`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      path: { type: 'string', short: 'p' },
      manifest: { type: 'string', short: 'f' },
      'no-manifest': { type: 'boolean' },
      'vars-file': { type: 'string', multiple: true },
      var: { type: 'string', multiple: true },
      buildpack: { type: 'string', short: 'b', multiple: true },
      command: { type: 'string', short: 'c' },
      stack: { type: 'string', short: 's' },
      env: { type: 'string', short: 'e', multiple: true },
      instances: { type: 'string', short: 'i' },
      memory: { type: 'string', short: 'm' },
      disk: { type: 'string', short: 'k' },
      'health-check-type': { type: 'string', short: 'u' },
      endpoint: { type: 'string' },
      timeout: { type: 'string', short: 't' },
      'no-route': { type: 'boolean' },
      'random-route': { type: 'boolean' },
      port: { type: 'string' },
      name: { type: 'string' },
      'no-start': { type: 'boolean' },
      attach: { type: 'boolean' },
      strict: { type: 'boolean' },
      'cache-limit': { type: 'string' },
      'data-dir': { type: 'string' },
    });
    if (positionals.length > 1) throw new CliError('Incorrect Usage: push takes at most one APP_NAME', 1, true);
    if (values.manifest && values['no-manifest']) {
      throw new CliError("Incorrect Usage: The following arguments cannot be used together: -f, --no-manifest", 1, true);
    }
    const buildpacks = values.buildpack;
    const type = values['health-check-type'] as HealthCheckType | undefined;
    if (type !== undefined && !HEALTH_CHECKS.includes(type)) throw new CliError(`Incorrect Usage: -u must be one of ${HEALTH_CHECKS.join(', ')}`, 1, true);

    // bpkit push DIR: as `cd DIR && cf push`, named by --name, its manifest or the directory.
    let cwd = process.cwd();
    let appName = positionals[0];
    let dirForm = false;
    if (appName !== undefined && values.path === undefined && looksLikeDirectory(appName)) {
      cwd = resolve(appName);
      appName = values.name;
      dirForm = true;
    } else if (values.name !== undefined) appName ??= values.name;

    const manifest = await loadManifest(values.manifest, values['no-manifest'] ?? false, cwd, values['vars-file'] ?? [], values.var ?? []);
    for (const warning of manifest?.warnings ?? []) process.stderr.write(`${warning}\n`);
    const memoryMb = megabytes(values.memory, '-m');
    const diskMb = megabytes(values.disk, '-k');
    const instances = integer(values.instances, '-i', 0);
    const timeout = integer(values.timeout, '-t', 1);
    const port = integer(values.port, '--port', 1);
    const env = values.env ? envPairs(values.env) : undefined;
    const cacheLimitBytes = cacheLimit(values['cache-limit']);
    let apps: ManifestApp[];
    try {
      apps = applyPushFlags(
        manifest,
        {
          ...(appName !== undefined ? { appName } : {}),
          ...(values.path !== undefined ? { path: values.path } : dirForm ? { path: cwd } : {}),
          ...(buildpacks ? { buildpacks } : {}),
          ...(values.command !== undefined ? { command: values.command } : {}),
          ...(memoryMb !== undefined ? { memoryMb } : {}),
          ...(diskMb !== undefined ? { diskMb } : {}),
          ...(instances !== undefined ? { instances } : {}),
          ...(values.stack !== undefined ? { stack: values.stack } : {}),
          ...(type !== undefined ? { healthCheckType: type } : {}),
          ...(values.endpoint !== undefined ? { healthCheckHttpEndpoint: values.endpoint } : {}),
          ...(timeout !== undefined ? { timeout } : {}),
          ...(values['no-route'] ? { noRoute: true } : {}),
          ...(values['random-route'] ? { randomRoute: true } : {}),
          ...(values['no-start'] ? { noStart: true } : {}),
        },
        cwd,
      );
    } catch (error) {
      if (error instanceof ManifestError) throw new CliError(error.message);
      throw error;
    }
    if (values.attach && apps.length > 1) throw new CliError('Incorrect Usage: --attach runs one app: name it (bpkit push APP_NAME --attach)', 1, true);
    if (port !== undefined && apps.length > 1) throw new CliError('Incorrect Usage: --port cannot be used with a manifest that declares multiple applications', 1, true);

    const dir = dataDir(values['data-dir']);
    for (const app of apps) {
      const options = pushOptions(app, dir, { env, port, cacheLimitBytes, strict: values.strict ?? false, noStart: values['no-start'] ?? false, attach: values.attach ?? false, defaultName: basename(cwd) });
      const code = values.attach ? await pushAttached(options) : (await push(options)).exitCode;
      if (code !== 0) return code;
    }
    return 0;
  },
};

/** `--cache-limit`, else BPKIT_BUILD_CACHE_LIMIT, else the default: checked before anything is staged. */
function cacheLimit(flag: string | undefined): number {
  if (flag !== undefined) {
    const bytes = parseByteSize(flag);
    if (bytes === undefined) throw new CliError(`Incorrect Usage: --cache-limit must be a size such as 512M or 2G (got '${flag}')`, 1, true);
    return bytes;
  }
  try {
    return buildCacheLimit(process.env);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

async function loadManifest(file: string | undefined, ignore: boolean, cwd: string, varsFiles: string[], varFlags: string[]): Promise<AppManifest | undefined> {
  if (ignore) return undefined;
  // cf reads ./manifest.yml (or .yaml) when -f names none; readAppManifest takes a directory the same way.
  if (file === undefined && !['manifest.yml', 'manifest.yaml'].some((m) => existsSync(join(cwd, m)))) return undefined;
  try {
    const vars = { ...(await readVarsFiles(varsFiles)), ...parseVarFlags(varFlags) };
    return await readAppManifest(file !== undefined ? resolve(file) : cwd, vars);
  } catch (error) {
    if (error instanceof ManifestError) throw new CliError(error.message);
    throw error;
  }
}

function pushOptions(
  app: ManifestApp,
  dir: string,
  extra: { env: Record<string, string> | undefined; port: number | undefined; cacheLimitBytes: number; strict: boolean; noStart: boolean; attach: boolean; defaultName: string },
): PushOptions {
  const node = bootstrapNode();
  const sys = systemBuildpacksDir();
  const port = extra.port ?? routePort(app);
  const command = app.command === 'null' || app.command === 'default' ? null : app.command;
  const buildpacks = (app.buildpacks ?? []).filter((b) => b !== 'null' && b !== 'default');
  return {
    appDir: app.path ?? process.cwd(),
    name: app.name || extra.defaultName,
    buildpacks,
    dataDir: dir,
    stdout: process.stdout,
    stderr: process.stderr,
    ...(command !== undefined ? { command } : {}),
    ...(app.stack !== undefined ? { stack: app.stack } : {}),
    ...(app.env ? { env: app.env } : {}),
    ...(extra.env ? { pushEnv: extra.env } : {}),
    ...(app.services ? { services: app.services } : {}),
    ...(app.memoryMb !== undefined ? { memoryMb: app.memoryMb } : {}),
    ...(app.diskMb !== undefined ? { diskMb: app.diskMb } : {}),
    ...(app.instances !== undefined ? { instances: app.instances } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(app.noRoute ? { noRoute: true } : {}),
    ...(app.randomRoute ? { randomRoute: true } : {}),
    healthCheck: {
      ...(app.healthCheckType ? { type: app.healthCheckType } : {}),
      ...(app.healthCheckHttpEndpoint ? { endpoint: app.healthCheckHttpEndpoint } : {}),
      ...(app.timeout ? { timeoutSeconds: app.timeout } : {}),
    },
    ...(extra.noStart ? { noStart: true } : {}),
    ...(extra.strict ? { strict: true } : {}),
    cacheLimitBytes: extra.cacheLimitBytes,
    ...(extra.attach ? {} : { supervisor: supervisorLaunch() }),
    ...(node ? { bootstrapNode: node } : {}),
    ...(sys ? { systemBuildpacksDir: sys } : {}),
    ...(process.env.BPKIT_DEPENDENCY_MIRROR ? { platformEnv: { BPKIT_DEPENDENCY_MIRROR: process.env.BPKIT_DEPENDENCY_MIRROR } } : {}),
  };
}

/** `--attach`: the instance runs in this process with its logs until Ctrl-C, as bpkit's first push did. */
async function pushAttached(options: PushOptions): Promise<number> {
  // Registered before interruptible's handler, which exits at once when no buildpack script runs: an instance
  // still waiting for its health check is signalled first, so it never outlives this process.
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const { value: result, interrupted } = await interruptible(() => push({ ...options, signal: abort.signal }));
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (interrupted !== undefined) {
    await result.app?.stop();
    return interrupted;
  }
  const app = result.app;
  if (!app) return result.exitCode;
  process.stdout.write('App logs (Ctrl-C stops the app):\n');
  let stopping = false;
  const stop = (): void => {
    stopping = true;
    process.stdout.write(`\nStopping app ${options.name}...\n`);
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
}
