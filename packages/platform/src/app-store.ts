// What the local platform remembers of each app between commands (CC's app, process and droplet records):
// `<dataDir>/apps/<name>/app.json`, written whole and atomically, changed only under the app's lock so that two
// commands on one app (a `set-env` during a `scale`) never lose each other's change.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_STACK, appGuid } from './app.ts';
import type { HealthCheck } from './health-check.ts';
import { withLockFile } from './lock-file.ts';
import { appStateDir } from './stage-app.ts';

/** cf's `requested state`. */
export type RequestedState = 'started' | 'stopped';

export interface AppRecord {
  name: string;
  guid: string;
  stack: string;
  memoryMb: number;
  diskMb: number;
  instances: number;
  /** `cf set-env` and the manifest's `env:`: kept until unset. */
  env: Record<string, string>;
  /** bpkit's `push -e`: the last push's only, applied over `env`. */
  pushEnv?: Record<string, string>;
  /** Names of the service instances bound to the app, in binding order. */
  services: string[];
  /** `-c` / manifest `command`; absent: the droplet's web process. */
  command?: string;
  healthCheck: HealthCheck;
  /** As the user named them (`-b`, manifest `buildpacks`); empty: detect. */
  buildpacks: string[];
  /** The app's source directory, for `restage`. */
  path: string;
  /** Routes as local ports, one per instance index: `http://127.0.0.1:<port>`. Empty: no route (random ports). */
  ports: number[];
  noRoute?: boolean;
  requestedState: RequestedState;
  /** What the last successful staging made, for `cf app`'s table; absent until one succeeded. */
  droplet?: DropletSummary;
  createdAt: string;
  updatedAt: string;
}

export interface DropletSummary {
  /** cf app's buildpack rows: name, version, detect output, buildpack name. */
  buildpacks: [string, string, string, string][];
  /** The droplet's web process command. */
  webCommand: string;
  stagedAt: string;
}

export class AppNotFoundError extends Error {
  constructor(readonly appName: string) {
    super(`App '${appName}' not found`);
  }
}

/** A record with cf's defaults for an app seen for the first time. */
export function newAppRecord(name: string, path: string): AppRecord {
  const now = new Date().toISOString();
  return {
    name,
    guid: appGuid(name),
    stack: DEFAULT_STACK,
    memoryMb: 1024,
    diskMb: 1024,
    instances: 1,
    env: {},
    services: [],
    healthCheck: { type: 'port' },
    buildpacks: [],
    path,
    ports: [],
    requestedState: 'stopped',
    createdAt: now,
    updatedAt: now,
  };
}

export class AppStore {
  constructor(readonly dataDir: string) {}

  dir(name: string): string {
    return appStateDir(this.dataDir, name);
  }

  async get(name: string): Promise<AppRecord | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir(name), 'app.json'), 'utf8')) as AppRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async require(name: string): Promise<AppRecord> {
    const record = await this.get(name);
    if (!record) throw new AppNotFoundError(name);
    return record;
  }

  /** Every app with a record, by name. */
  async list(): Promise<AppRecord[]> {
    const names = await readdir(join(this.dataDir, 'apps')).catch(() => [] as string[]);
    const records = await Promise.all(names.sort().map((n) => this.get(n)));
    return records.filter((r): r is AppRecord => r !== undefined);
  }

  /**
   * Changes one app under its lock. `change` gets the current record (undefined for a new app) and returns the
   * new one, or undefined to leave it as it is.
   */
  async update(name: string, change: (current: AppRecord | undefined) => AppRecord | undefined | Promise<AppRecord | undefined>): Promise<AppRecord | undefined> {
    const dir = this.dir(name);
    await mkdir(dir, { recursive: true });
    return withLockFile(join(dir, 'app.lock'), async () => {
      const current = await this.get(name);
      const next = await change(current);
      if (!next) return current;
      const record = { ...next, updatedAt: new Date().toISOString() };
      const tmp = join(dir, `.app.json.${randomBytes(4).toString('hex')}`);
      await writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`);
      await rename(tmp, join(dir, 'app.json'));
      return record;
    });
  }

  /** Forgets the app: its record, droplet, cache, logs and events. */
  async delete(name: string): Promise<void> {
    await rm(this.dir(name), { recursive: true, force: true });
  }
}
