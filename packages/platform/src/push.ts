import { basename, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { DEFAULT_STACK, type App, appGuid } from './app.ts';
import { stagingLog } from './app-log.ts';
import type { HealthCheck } from './health-check.ts';
import { Registry } from './registry.ts';
import { resolveBuildpacks } from './resolve-buildpacks.ts';
import { appStateDir, stageApp } from './stage-app.ts';
import { stagingFailure } from './staging-failure.ts';
import { type RunningApp, StartError, startApp } from './start-app.ts';

export interface PushOptions {
  appDir: string;
  name?: string;
  /** `-b`, in order; the last is the final buildpack. Empty: detect over the registered buildpacks. */
  buildpacks: readonly string[];
  command?: string;
  stack?: string;
  env?: Record<string, string>;
  services?: Record<string, unknown>;
  memoryMb?: number;
  diskMb?: number;
  port?: number;
  healthCheck?: HealthCheck;
  noStart?: boolean;
  /** Fail staging when a supply writes outside its deps/<idx> (default: warn). */
  strict?: boolean;
  dataDir: string;
  systemBuildpacksDir?: string;
  bootstrapNode?: string;
  platformEnv?: Record<string, string>;
  stdout: Writable;
  stderr: Writable;
}

export interface PushResult {
  exitCode: number;
  app?: RunningApp;
}

/** `cf push` against the local platform: upload, stage with CF's builder semantics, start, health-check. */
export async function push(options: PushOptions): Promise<PushResult> {
  const { stdout, stderr } = options;
  const appDir = resolve(options.appDir);
  const name = options.name ?? basename(appDir);
  const app: App = {
    name,
    guid: appGuid(name),
    stack: options.stack ?? DEFAULT_STACK,
    memoryMb: options.memoryMb ?? 1024,
    diskMb: options.diskMb ?? 1024,
    env: options.env ?? {},
    services: options.services ?? {},
    uris: [],
  };
  stdout.write(`Pushing app ${name} to org local / space local as vcap...\n`);
  const registry = await Registry.open({
    dataDir: options.dataDir,
    ...(options.systemBuildpacksDir ? { systemBuildpacksDir: options.systemBuildpacksDir } : {}),
  });
  let order;
  try {
    order =
      options.buildpacks.length > 0
        ? await resolveBuildpacks(options.buildpacks, registry, app.stack)
        : await registry.detectOrder(app.stack);
  } catch (error) {
    stderr.write(`${(error as Error).message}\nFAILED\n`);
    return { exitCode: 1 };
  }
  stdout.write('Packaging files to upload...\nUploading files...\n\nStaging app and tracing logs...\n');
  const log = stagingLog();
  log.pipe(stdout, { end: false });
  const staged = await stageApp({
    app,
    appDir,
    dataDir: options.dataDir,
    buildpacks: order,
    skipDetect: options.buildpacks.length > 0,
    supplyWatch: options.strict ? 'strict' : 'warn',
    stdout: log,
    stderr: log,
    ...(options.bootstrapNode ? { bootstrapNode: options.bootstrapNode } : {}),
    ...(options.platformEnv ? { platformEnv: options.platformEnv } : {}),
  });
  await new Promise<void>((r) => log.end(r));
  if (staged.exitCode !== 0) {
    const failure = stagingFailure(staged.exitCode);
    stdout.write(`   Staging failed: Exited with status ${staged.exitCode}\n`);
    stderr.write(`${failure.name} - ${failure.description}\nFAILED\n`);
    return { exitCode: staged.exitCode };
  }
  if (options.noStart) {
    stdout.write(`\nDroplet: ${staged.dropletPath}\n`);
    return { exitCode: 0 };
  }

  stdout.write(`\nWaiting for app ${name} to start...\n\n`);
  const metadata = staged.metadata;
  const webCommand = options.command ?? metadata?.process_types?.web ?? '';
  let running: RunningApp;
  try {
    running = await startApp({
      app,
      dropletPath: staged.dropletPath,
      instanceRoot: join(appStateDir(options.dataDir, name), 'instances', '0'),
      dataDir: options.dataDir,
      ...(options.command !== undefined ? { command: options.command } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      healthCheck: options.healthCheck ?? { type: 'port' },
      stdout,
      stderr,
    });
  } catch (error) {
    if (error instanceof StartError) {
      stderr.write(`Start unsuccessful\n\nTIP: use 'bpkit logs ${name}' for more information\nFAILED\n`);
      return { exitCode: error.exitCode && error.exitCode !== 0 ? error.exitCode : 1 };
    }
    throw error;
  }
  // cf app's table: the registered name (or the URL/path of a custom one), then what the buildpack said.
  const buildpacks = metadata?.lifecycle_metadata?.buildpacks ?? [];
  const detectOutput = options.buildpacks.length > 0 ? '' : (metadata?.lifecycle_metadata?.detected_buildpack ?? '');
  const rows = buildpacks.map((b) => {
    const registered = order.find((o) => o.key === b.key);
    return [registered?.name || b.key, b.version ?? '', detectOutput, b.name ?? ''];
  });
  stdout.write(
    [
      `name:              ${name}`,
      'requested state:   started',
      `routes:            ${running.url}`,
      `stack:             ${app.stack}`,
      'buildpacks:',
      ...table([['name', 'version', 'detect output', 'buildpack name'], ...rows]).map((l) => `\t${l}`),
      '',
      'type:            web',
      'instances:       1/1',
      `memory usage:    ${app.memoryMb}M`,
      `start command:   ${webCommand}`,
      '     state     since',
      `#0   running   ${new Date().toISOString()}`,
      '',
    ].join('\n') + '\n',
  );
  return { exitCode: 0, app: running };
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd((widths[i] ?? 0) + 3)).join('').trimEnd());
}
