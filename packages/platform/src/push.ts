import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { PassThrough } from 'node:stream';
import type { StagingResult } from '@bpkit/stager';
import { UnknownStackError, isKnownStack } from '@bpkit/stacks';
import { recordEvent } from './app-events.ts';
import { LogLinePrefixer, cfTimestamp, stagingLog } from './app-log.ts';
import { openAppLog } from './app-log-file.ts';
import { type AppRecord, AppStore, type DropletSummary, newAppRecord } from './app-store.ts';
import { appSummary } from './app-summary.ts';
import type { HealthCheck } from './health-check.ts';
import { Registry } from './registry.ts';
import { resolveBuildpacks, type StagingBuildpack } from './resolve-buildpacks.ts';
import { runtimeApp } from './runtime-app.ts';
import { ServiceStore } from './service-store.ts';
import { stageApp } from './stage-app.ts';
import { stagingFailure } from './staging-failure.ts';
import { type RunningApp, StartError, freePort, startApp } from './start-app.ts';
import { type SupervisorLaunch, startSupervisor, stopSupervisor, waitForInstances } from './supervisor-control.ts';

/** One app of a push: what the flags and the manifest say, merged (cf push's precedence is the caller's). */
export interface PushOptions {
  appDir: string;
  name: string;
  /** `-b`, in order; the last is the final buildpack. Empty: detect over the registered buildpacks. */
  buildpacks: readonly string[];
  /** Start command; null resets it to the droplet's (`-c null`). */
  command?: string | null;
  stack?: string;
  /** Set on the app (manifest `env:`); variables set before with set-env stay. */
  env?: Record<string, string>;
  /** bpkit's `-e`: for this push (its staging and its instances) only, over the app's env. */
  pushEnv?: Record<string, string>;
  /** Service instances to bind (manifest `services:`). */
  services?: readonly string[];
  memoryMb?: number;
  diskMb?: number;
  instances?: number;
  /** A route's port for instance 0 (`--port`, a manifest route's `:port`). */
  port?: number;
  noRoute?: boolean;
  randomRoute?: boolean;
  healthCheck?: Partial<HealthCheck>;
  noStart?: boolean;
  /** Fail staging when a supply writes outside its deps/<idx> (default: warn). */
  strict?: boolean;
  /** `--cache-limit`: the app's build cache is cut down to this many bytes before staging (default: stageApp's). */
  cacheLimitBytes?: number;
  dataDir: string;
  systemBuildpacksDir?: string;
  bootstrapNode?: string;
  platformEnv?: Record<string, string>;
  /**
   * How to run the app's supervisor: the instances then outlive this process (cf push). Absent: one instance is
   * started here and handed back running (`push --attach`).
   */
  supervisor?: SupervisorLaunch;
  /** With no supervisor: stops the instance this process starts, even while it is still starting. */
  signal?: AbortSignal;
  /** `cf restage`: the app's settings as they are, announced as a restage. */
  restage?: boolean;
  stdout: Writable;
  stderr: Writable;
}

export interface PushResult {
  exitCode: number;
  /** Only with no supervisor: the instance this process runs. */
  app?: RunningApp;
}

/** An app's record after a push's changes, before staging: cf push updates the app, then stages it. */
async function updateRecord(options: PushOptions, appDir: string): Promise<{ record: AppRecord; created: boolean }> {
  let created = false;
  const record = await new AppStore(options.dataDir).update(options.name, (current) => {
    created = current === undefined;
    const base = current ?? newAppRecord(options.name, appDir);
    const next: AppRecord = {
      ...base,
      path: appDir,
      buildpacks: [...options.buildpacks],
      env: { ...base.env, ...options.env },
      pushEnv: { ...options.pushEnv },
      services: [...base.services, ...(options.services ?? []).filter((s) => !base.services.includes(s))],
      healthCheck: { ...base.healthCheck, ...options.healthCheck } as HealthCheck,
    };
    if (options.command === null) delete next.command;
    else if (options.command !== undefined) next.command = options.command;
    if (options.stack !== undefined) next.stack = options.stack;
    if (options.memoryMb !== undefined) next.memoryMb = options.memoryMb;
    if (options.diskMb !== undefined) next.diskMb = options.diskMb;
    if (options.instances !== undefined) next.instances = options.instances;
    if (options.noRoute !== undefined) next.noRoute = options.noRoute;
    if (options.port !== undefined) next.ports = [options.port, ...next.ports.slice(1).filter((p) => p !== options.port)];
    else if (options.randomRoute) next.ports = [];
    return next;
  });
  return { record: record as AppRecord, created };
}

/** One port per instance index: the ones the app had stay (its routes), new indexes get free ones. */
export async function assignPorts(record: AppRecord): Promise<number[]> {
  const ports = record.ports.slice(0, record.instances);
  while (ports.length < record.instances) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}

/** `cf push` of one app against the local platform: update the app, upload and stage it, then (re)start it. */
export async function push(options: PushOptions): Promise<PushResult> {
  const { stdout, stderr, dataDir } = options;
  const appDir = resolve(options.appDir);
  const name = options.name;
  const registry = await Registry.open({
    dataDir,
    ...(options.systemBuildpacksDir ? { systemBuildpacksDir: options.systemBuildpacksDir } : {}),
  });
  const services = new ServiceStore(dataDir);
  for (const service of options.services ?? []) {
    if (!(await services.get(service))) {
      stderr.write(`Service instance '${service}' not found\nFAILED\n`);
      return { exitCode: 1 };
    }
  }

  stdout.write(`${options.restage ? `Restaging app ${name} in` : `Pushing app ${name} to`} org local / space local as vcap...\n`);
  // CC refuses the app's lifecycle before anything of it changes (BuildpackLifecycleDataValidator).
  if (options.stack !== undefined && !isKnownStack(options.stack)) {
    stderr.write(`${new UnknownStackError(options.stack).message}\nFAILED\n`);
    return { exitCode: 1 };
  }
  const { record, created } = await updateRecord(options, appDir);
  await recordEvent(dataDir, name, options.restage ? 'audit.app.restage' : created ? 'audit.app.create' : 'audit.app.update');
  let order: StagingBuildpack[];
  try {
    order = options.buildpacks.length > 0 ? await resolveBuildpacks(options.buildpacks, registry, record.stack) : await registry.detectOrder(record.stack);
  } catch (error) {
    stderr.write(`${(error as Error).message}\nFAILED\n`);
    return { exitCode: 1 };
  }

  stdout.write(`${options.restage ? '\n' : 'Packaging files to upload...\nUploading files...\n\n'}Staging app and tracing logs...\n`);
  const staged = await stage(options, record, appDir, order);
  if (staged.exitCode !== 0) {
    const failure = stagingFailure(staged.exitCode);
    stdout.write(`   Staging failed: Exited with status ${staged.exitCode}\n`);
    stderr.write(`${failure.name} - ${failure.description}\nFAILED\n`);
    return { exitCode: staged.exitCode };
  }
  const droplet = dropletSummary(staged.metadata, order, options.buildpacks.length > 0);
  const store = new AppStore(dataDir);
  const stagedRecord = (await store.update(name, (r) => r && { ...r, droplet })) as AppRecord;
  await recordEvent(dataDir, name, 'audit.app.droplet.create');

  if (options.noStart) {
    await stopSupervisor(dataDir, name);
    await store.update(name, (r) => r && { ...r, requestedState: 'stopped' });
    stdout.write(`\nDroplet: ${join(store.dir(name), 'droplet.tgz')}\n`);
    return { exitCode: 0 };
  }
  if (!options.supervisor) return startAttached(options, stagedRecord);
  return { exitCode: await startSupervised(dataDir, name, options.supervisor, stdout, stderr, 'Waiting for app %s to start...') };
}

/** Stages with the staging log shown on stdout and kept in the app's log (STG lines for `cf logs --recent`). */
async function stage(options: PushOptions, record: AppRecord, appDir: string, order: StagingBuildpack[]) {
  const raw = new PassThrough();
  const shown = stagingLog();
  shown.pipe(options.stdout, { end: false });
  const kept = await openAppLog(options.dataDir, record.name);
  raw.pipe(shown);
  raw.pipe(new LogLinePrefixer(() => `   ${cfTimestamp()} [STG/0] OUT `)).pipe(kept);
  const staged = await stageApp({
    app: await runtimeApp(options.dataDir, record),
    appDir,
    dataDir: options.dataDir,
    buildpacks: order,
    skipDetect: options.buildpacks.length > 0,
    // Without -b: which buildpacks detect tried, and why each declined.
    detectTrace: true,
    supplyWatch: options.strict ? 'strict' : 'warn',
    stdout: raw,
    stderr: raw,
    ...(options.bootstrapNode ? { bootstrapNode: options.bootstrapNode } : {}),
    ...(options.platformEnv ? { platformEnv: options.platformEnv } : {}),
    ...(options.cacheLimitBytes !== undefined ? { cacheLimitBytes: options.cacheLimitBytes } : {}),
  });
  const flushed = Promise.all([new Promise<void>((r) => shown.once('end', () => r())), new Promise<void>((r) => kept.once('close', () => r()))]);
  raw.end();
  await flushed;
  return staged;
}

/** cf app's buildpack rows: the registered name (or the URL/path of a custom one), then what the buildpack said. */
function dropletSummary(metadata: StagingResult | undefined, order: StagingBuildpack[], named: boolean): DropletSummary {
  const detectOutput = named ? '' : (metadata?.lifecycle_metadata?.detected_buildpack ?? '');
  const buildpacks = (metadata?.lifecycle_metadata?.buildpacks ?? []).map((b): [string, string, string, string] => {
    const registered = order.find((o) => o.key === b.key);
    return [registered?.name || b.key, b.version ?? '', detectOutput, b.name ?? ''];
  });
  return { buildpacks, webCommand: metadata?.process_types?.web ?? '', stagedAt: new Date().toISOString() };
}

/**
 * Starts (or restarts) the app under its supervisor and waits as cf does for its instances; prints cf app's table.
 * `waiting` is the line shown meanwhile, %s the app's name.
 */
export async function startSupervised(
  dataDir: string,
  name: string,
  launch: SupervisorLaunch,
  stdout: Writable,
  stderr: Writable,
  waiting: string,
): Promise<number> {
  const store = new AppStore(dataDir);
  const current = await store.require(name);
  const ports = await assignPorts(current);
  const record = (await store.update(name, (r) => r && { ...r, ports, requestedState: 'started' })) as AppRecord;
  stdout.write(`\n${waiting.replace('%s', name)}\n\n`);
  const pid = await startSupervisor(dataDir, name, launch);
  await recordEvent(dataDir, name, 'audit.app.start');
  // A port health check has its own timeout per instance; extracting the droplet comes on top.
  const timeoutMs = ((record.healthCheck.timeoutSeconds ?? 60) + 30) * 1000;
  const outcome = await waitForInstances(dataDir, name, pid, record.instances, timeoutMs);
  if (outcome.state !== 'running') {
    stderr.write(`${outcome.state === 'timeout' ? 'Start app timeout' : 'Start unsuccessful'}\n\nTIP: use 'bpkit logs ${name} --recent' for more information\nFAILED\n`);
    return 1;
  }
  stdout.write(appSummary(record, outcome.status, true));
  return 0;
}

/** `push --attach`: one instance in this process, as bpkit's first push did; the caller streams and stops it. */
async function startAttached(options: PushOptions, record: AppRecord): Promise<PushResult> {
  const { stdout, stderr, dataDir } = options;
  await stopSupervisor(dataDir, record.name);
  const [port] = await assignPorts({ ...record, instances: 1 });
  const withPort = (await new AppStore(dataDir).update(record.name, (r) => r && { ...r, ports: [port as number, ...r.ports.slice(1)] })) as AppRecord;
  stdout.write(`\nWaiting for app ${record.name} to start...\n\n`);
  let running: RunningApp;
  try {
    running = await startApp({
      app: await runtimeApp(dataDir, withPort),
      dropletPath: join(new AppStore(dataDir).dir(record.name), 'droplet.tgz'),
      instanceRoot: join(new AppStore(dataDir).dir(record.name), 'instances', 'attached'),
      dataDir,
      ...(withPort.command !== undefined ? { command: withPort.command } : {}),
      ...(port !== undefined ? { port } : {}),
      healthCheck: withPort.healthCheck,
      ...(options.signal ? { signal: options.signal } : {}),
      stdout,
      stderr,
    });
  } catch (error) {
    if (error instanceof StartError) {
      stderr.write(`Start unsuccessful\n\nTIP: use 'bpkit logs ${record.name} --recent' for more information\nFAILED\n`);
      return { exitCode: error.exitCode && error.exitCode !== 0 ? error.exitCode : 1 };
    }
    throw error;
  }
  const status = { supervisorPid: process.pid, instances: [{ index: 0, state: 'running' as const, port: running.port, since: new Date().toISOString(), crashCount: 0 }] };
  stdout.write(appSummary({ ...withPort, instances: 1 }, status, true));
  return { exitCode: 0, app: running };
}
