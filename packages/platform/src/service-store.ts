// The local platform's service instances (CC's service_instances table), user-provided only:
// `<dataDir>/services.json`, written whole and atomically, changed only under `<dataDir>/services.lock`.
// A binding is the instance's name in an app's record (`AppRecord.services`, in binding order); binding and
// unbinding change that record under the app's own lock while holding the services lock, so a binding never
// names an instance that a concurrent delete-service is removing. Lock order: services, then app.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppNotFoundError, AppStore } from './app-store.ts';
import { withLockFile } from './lock-file.ts';

/** CC's last_operation of an instance; a user-provided instance's operations complete at once. */
export interface LastOperation {
  type: 'create' | 'update';
  state: 'succeeded';
}

/** A user-provided service instance (`cf create-user-provided-service`). */
export interface ServiceInstance {
  name: string;
  guid: string;
  type: 'user-provided';
  /** `-p`: exposed as `credentials` in VCAP_SERVICES. */
  credentials: Record<string, unknown>;
  /** `-t`. */
  tags: string[];
  /** `-l`. */
  syslogDrainUrl?: string;
  /** `-r`: https only (CC). Kept for `services`; the local platform has no router to forward through it. */
  routeServiceUrl?: string;
  lastOperation: LastOperation;
  createdAt: string;
  updatedAt: string;
}

/** What `create` takes; absent fields get CC's defaults (no credentials: `{}`, no tags: `[]`). */
export interface ServiceInstanceFields {
  credentials?: Record<string, unknown>;
  tags?: string[];
  syslogDrainUrl?: string;
  routeServiceUrl?: string;
}

/** A refused request, worded as CC or the cf CLI words it. */
export class ServiceError extends Error {}

/** CC's 422 on a duplicate name (ServiceInstanceCreateMixin: `The service instance name is taken: NAME`). */
export class ServiceNameTakenError extends ServiceError {
  constructor(readonly serviceName: string) {
    super(`The service instance name is taken: ${serviceName}`);
  }
}

/** The cf CLI's error for an unknown instance name. */
export class ServiceInstanceNotFoundError extends ServiceError {
  constructor(readonly serviceName: string) {
    super(`Service instance '${serviceName}' not found`);
  }
}

interface ServicesFile {
  instances: ServiceInstance[];
}

/** CC's UriUtils.is_uri?: a string with a scheme that parses as a URI. */
function isUri(value: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * CC's ServiceInstanceCreateUserProvidedMessage / UpdateUserProvidedMessage validations (blank values allowed),
 * joined as CC joins full_messages.
 */
function validate(fields: ServiceInstanceFields): void {
  const errors: string[] = [];
  if (fields.credentials !== undefined && (fields.credentials === null || typeof fields.credentials !== 'object' || Array.isArray(fields.credentials))) {
    errors.push('Credentials must be a hash');
  }
  if (fields.tags !== undefined && (!Array.isArray(fields.tags) || fields.tags.some((t) => typeof t !== 'string'))) {
    errors.push('Tags must be a list of strings');
  }
  if (fields.syslogDrainUrl && !isUri(fields.syslogDrainUrl)) errors.push('Syslog drain url must be a valid URI');
  if (fields.routeServiceUrl) {
    if (!isUri(fields.routeServiceUrl)) errors.push('Route service url must be a valid URI');
    if (!fields.routeServiceUrl.startsWith('https:')) errors.push('Route service url must be https');
  }
  if (errors.length > 0) throw new ServiceError(errors.join(', '));
}

export class ServiceStore {
  readonly apps: AppStore;

  constructor(readonly dataDir: string) {
    this.apps = new AppStore(dataDir);
  }

  private get file(): string {
    return join(this.dataDir, 'services.json');
  }

  private async read(): Promise<ServicesFile> {
    try {
      const data = JSON.parse(await readFile(this.file, 'utf8')) as Partial<ServicesFile>;
      return { instances: Array.isArray(data.instances) ? data.instances : [] };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { instances: [] };
      throw error;
    }
  }

  private async write(data: ServicesFile): Promise<void> {
    const tmp = join(this.dataDir, `.services.json.${randomBytes(4).toString('hex')}`);
    await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`);
    await rename(tmp, this.file);
  }

  /** Runs `fn` under the services lock with the current file; a returned file is written before the lock goes. */
  private async locked<T>(fn: (data: ServicesFile) => Promise<{ write?: ServicesFile; result: T }>): Promise<T> {
    await mkdir(this.dataDir, { recursive: true });
    return withLockFile(join(this.dataDir, 'services.lock'), async () => {
      const { write, result } = await fn(await this.read());
      if (write) await this.write(write);
      return result;
    });
  }

  /** Every instance, by name (CC lists a space's instances ordered by name). */
  async list(): Promise<ServiceInstance[]> {
    const { instances } = await this.read();
    return [...instances].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async get(name: string): Promise<ServiceInstance | undefined> {
    return (await this.read()).instances.find((i) => i.name === name);
  }

  async require(name: string): Promise<ServiceInstance> {
    const instance = await this.get(name);
    if (!instance) throw new ServiceInstanceNotFoundError(name);
    return instance;
  }

  /** `cf create-user-provided-service`: fails with CC's text when the name is taken. */
  async create(name: string, fields: ServiceInstanceFields = {}): Promise<ServiceInstance> {
    validate(fields);
    return this.locked(async (data) => {
      if (data.instances.some((i) => i.name === name)) throw new ServiceNameTakenError(name);
      const now = new Date().toISOString();
      const instance: ServiceInstance = {
        name,
        guid: randomUUID(),
        type: 'user-provided',
        credentials: fields.credentials ?? {},
        tags: fields.tags ?? [],
        ...(fields.syslogDrainUrl !== undefined ? { syslogDrainUrl: fields.syslogDrainUrl } : {}),
        ...(fields.routeServiceUrl !== undefined ? { routeServiceUrl: fields.routeServiceUrl } : {}),
        lastOperation: { type: 'create', state: 'succeeded' },
        createdAt: now,
        updatedAt: now,
      };
      return { write: { instances: [...data.instances, instance] }, result: instance };
    });
  }

  /**
   * `cf update-user-provided-service`: each given field replaces the stored one whole (CC's
   * ServiceInstanceUpdateUserProvided; `-p` replaces the credentials, it does not merge them). CC copies new
   * credentials and syslog drain into the instance's bindings; here bindings render from the instance anyway.
   */
  async update(name: string, fields: ServiceInstanceFields): Promise<ServiceInstance> {
    validate(fields);
    return this.locked(async (data) => {
      const index = data.instances.findIndex((i) => i.name === name);
      const current = data.instances[index];
      if (!current) throw new ServiceInstanceNotFoundError(name);
      const next: ServiceInstance = {
        ...current,
        ...(fields.credentials !== undefined ? { credentials: fields.credentials } : {}),
        ...(fields.tags !== undefined ? { tags: fields.tags } : {}),
        ...(fields.syslogDrainUrl !== undefined ? { syslogDrainUrl: fields.syslogDrainUrl } : {}),
        ...(fields.routeServiceUrl !== undefined ? { routeServiceUrl: fields.routeServiceUrl } : {}),
        lastOperation: { type: 'update', state: 'succeeded' },
        updatedAt: new Date().toISOString(),
      };
      const instances = [...data.instances];
      instances[index] = next;
      return { write: { instances }, result: next };
    });
  }

  /**
   * `cf delete-service`: CC's V3::ServiceInstanceDelete removes the instance's bindings first (an app bound to it
   * loses it from VCAP_SERVICES at its next restage), then the instance. Returns the apps it was unbound from,
   * or undefined when there was no such instance (cf: "did not exist", success).
   */
  async delete(name: string): Promise<string[] | undefined> {
    return this.locked(async (data) => {
      if (!data.instances.some((i) => i.name === name)) return { result: undefined };
      const unbound: string[] = [];
      for (const app of await this.apps.list()) {
        if (!app.services.includes(name)) continue;
        await this.apps.update(app.name, (current) => {
          if (!current?.services.includes(name)) return undefined;
          return { ...current, services: current.services.filter((s) => s !== name) };
        });
        unbound.push(app.name);
      }
      return { write: { instances: data.instances.filter((i) => i.name !== name) }, result: unbound };
    });
  }

  /**
   * `cf bind-service APP SERVICE`: appends the instance to the app's bindings. Looks the instance up first, then
   * the app, as the cf CLI does. 'already-bound' is success for cf ("App X is already bound to service instance Y.").
   * Binding parameters (`-c`) are CC's error for a user-provided instance.
   */
  async bind(appName: string, serviceName: string, options: { parameters?: Record<string, unknown> } = {}): Promise<'bound' | 'already-bound'> {
    return this.locked(async (data) => {
      if (!data.instances.some((i) => i.name === serviceName)) throw new ServiceInstanceNotFoundError(serviceName);
      if (!(await this.apps.get(appName))) throw new AppNotFoundError(appName);
      if (options.parameters !== undefined) throw new ServiceError('Binding parameters are not supported for user-provided service instances');
      let outcome: 'bound' | 'already-bound' = 'bound';
      await this.apps.update(appName, (current) => {
        if (!current) throw new AppNotFoundError(appName);
        if (current.services.includes(serviceName)) {
          outcome = 'already-bound';
          return undefined;
        }
        return { ...current, services: [...current.services, serviceName] };
      });
      return { result: outcome };
    });
  }

  /** `cf unbind-service APP SERVICE`: 'not-bound' is success for cf ("Binding between Y and X did not exist"). */
  async unbind(appName: string, serviceName: string): Promise<'unbound' | 'not-bound'> {
    return this.locked(async (data) => {
      if (!data.instances.some((i) => i.name === serviceName)) throw new ServiceInstanceNotFoundError(serviceName);
      if (!(await this.apps.get(appName))) throw new AppNotFoundError(appName);
      let outcome: 'unbound' | 'not-bound' = 'unbound';
      await this.apps.update(appName, (current) => {
        if (!current) throw new AppNotFoundError(appName);
        if (!current.services.includes(serviceName)) {
          outcome = 'not-bound';
          return undefined;
        }
        return { ...current, services: current.services.filter((s) => s !== serviceName) };
      });
      return { result: outcome };
    });
  }

  /** The apps bound to each instance name, apps by name (for `cf services`' "bound apps"). */
  async boundApps(): Promise<Map<string, string[]>> {
    const bound = new Map<string, string[]>();
    for (const app of await this.apps.list()) {
      for (const service of new Set(app.services)) bound.set(service, [...(bound.get(service) ?? []), app.name]);
    }
    return bound;
  }
}
