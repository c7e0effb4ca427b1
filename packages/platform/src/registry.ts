import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { exists, isDirectory } from '@bpkit/fs';
import { load as loadYaml } from 'js-yaml';
import { BuildpackZipError, buildpackDirName, unzipBuildpack } from '@bpkit/stager';
import { uploadRefusal } from './buildpack-zip.ts';
import { type LockOptions, withLockFile } from './lock-file.ts';
import type { StagingBuildpack } from './resolve-buildpacks.ts';

/** One admin buildpack, with CC's fields (`cf buildpacks` columns). */
export interface BuildpackRecord {
  guid: string;
  name: string;
  position: number;
  stack: string | null;
  enabled: boolean;
  locked: boolean;
  filename: string | null;
  /** Extracted bits (uploaded buildpacks) or a workspace build dir (system buildpacks). */
  bitsDir: string | null;
  sha256: string | null;
  system: boolean;
}

export interface PlatformConfig {
  /** CC's `disable_custom_buildpacks`: only registered buildpacks may be named. */
  disableCustomBuildpacks: boolean;
}

interface RegistryState {
  buildpacks: BuildpackRecord[];
  config: PlatformConfig;
  /** System buildpacks the operator deleted: not registered again when the workspace is rescanned. */
  deletedSystem?: string[];
}

export class RegistryError extends Error {}

/** CF's system buildpacks come in this order on a fresh foundation (binary first, as the seeds list them here). */
const SYSTEM_ORDER = ['binary_buildpack', 'go_buildpack', 'ruby_buildpack', 'nodejs_buildpack'];
const NAME = /^[-\w]+$/;

export interface RegistryOptions {
  dataDir: string;
  /** A workspace `buildpacks/` dir whose packages become system buildpacks on a fresh platform. */
  systemBuildpacksDir?: string;
}

/**
 * The local platform's admin buildpacks, with `cf create-buildpack` / `update-buildpack` semantics:
 * positions insert and shift, the stack comes from the zip's manifest, (name, stack) is unique.
 *
 * Several bpkit processes may share one data dir (CC serialises this in its database): every change re-reads
 * `buildpacks.json` under a lock file, applies itself and replaces the file by rename, so concurrent creates
 * all land, each once, and readers never see half a file. Bits are unpacked outside the lock.
 */
export class Registry {
  private constructor(
    private readonly options: RegistryOptions,
    private state: RegistryState,
  ) {}

  static async open(options: RegistryOptions): Promise<Registry> {
    const file = join(options.dataDir, 'buildpacks.json');
    const known = await readState(file);
    const system = await systemBuildpacks(options.systemBuildpacksDir);
    if (known && unregistered(known, system).length === 0) return new Registry(options, known);
    await mkdir(options.dataDir, { recursive: true });
    // First use, or a buildpack added to the workspace later (`bpkit new`): decided again under the lock, since
    // another process may be doing the same.
    const state = await withLockFile(lockFile(options.dataDir), async () => {
      const current = await readState(file);
      if (!current) {
        const fresh: RegistryState = { buildpacks: system, config: { disableCustomBuildpacks: false } };
        await writeJson(file, fresh);
        return fresh;
      }
      // A new one joins an existing platform at the end of the order, as `cf create-buildpack` with a large
      // position would put it.
      const added = unregistered(current, system);
      for (const b of added) current.buildpacks.push({ ...b, position: current.buildpacks.length + 1 });
      if (added.length > 0) await writeJson(file, current);
      return current;
    }, REGISTRY_LOCK);
    return new Registry(options, state);
  }

  /** Applies `change` to the registry as it is on disk now, under the lock, and saves it; nothing is saved if it throws. */
  private async mutate<T>(change: (state: RegistryState) => T): Promise<T> {
    const file = join(this.options.dataDir, 'buildpacks.json');
    return withLockFile(lockFile(this.options.dataDir), async () => {
      const state = (await readState(file)) ?? this.state;
      const result = change(state);
      await writeJson(file, state);
      this.state = state;
      return result;
    }, REGISTRY_LOCK);
  }

  get config(): PlatformConfig {
    return { ...this.state.config };
  }

  async setConfig(config: Partial<PlatformConfig>): Promise<void> {
    await this.mutate((state) => {
      state.config = { ...state.config, ...config };
    });
  }

  /** Sorted by position, as `cf buildpacks` lists them. */
  async list(): Promise<Array<BuildpackRecord & { state: 'READY' | 'AWAITING_UPLOAD' }>> {
    const sorted = [...this.state.buildpacks].sort((a, b) => a.position - b.position);
    return Promise.all(sorted.map(async (b) => ({ ...b, state: (await hasBits(b)) ? 'READY' : 'AWAITING_UPLOAD' })));
  }

  async create(name: string, path: string, position: number, options: { enabled?: boolean } = {}): Promise<BuildpackRecord> {
    if (!NAME.test(name) || name.length > 250) {
      throw new RegistryError(`Buildpack name must match ^[-\\w]+$ and be at most 250 characters: ${name}`);
    }
    if (!Number.isInteger(position) || position < 1) {
      throw new RegistryError(`Incorrect Usage: POSITION must be an integer greater than or equal to 1`);
    }
    const guid = randomUUID();
    const staged = await this.storeBits(guid, path);
    try {
      return await this.mutate((state) => {
        if (state.buildpacks.some((b) => b.name === name && b.stack === staged.stack)) {
          const where = staged.stack ? ` with stack ${staged.stack}` : '';
          throw new RegistryError(`Buildpack ${name} already exists${where}`);
        }
        const record: BuildpackRecord = {
          guid,
          name,
          position,
          stack: staged.stack,
          enabled: options.enabled ?? true,
          locked: false,
          filename: staged.filename,
          bitsDir: staged.bitsDir,
          sha256: staged.sha256,
          system: false,
        };
        insertAt(state, record, position);
        return record;
      });
    } catch (error) {
      await rm(staged.bitsDir, { recursive: true, force: true });
      throw error;
    }
  }

  async update(
    name: string,
    changes: { path?: string; position?: number; enabled?: boolean; locked?: boolean; rename?: string; stack?: string },
  ): Promise<BuildpackRecord> {
    const locked = (record: BuildpackRecord): boolean => changes.path !== undefined && record.locked && changes.locked !== false;
    // Refused before any bits are unpacked; checked again under the lock against the registry as it is then.
    if (locked(find(this.state, name, changes.stack))) throw new RegistryError('The buildpack is locked');
    const staged = changes.path !== undefined ? await this.storeBits(randomUUID(), changes.path) : undefined;
    let replaced: string | undefined;
    try {
      const updated = await this.mutate((state) => {
        const record = find(state, name, changes.stack);
        if (staged) {
          if (locked(record)) throw new RegistryError('The buildpack is locked');
          if (record.stack && staged.stack && staged.stack !== record.stack) {
            throw new RegistryError(`Uploaded buildpack stack (${staged.stack}) does not match ${record.stack}`);
          }
          if (record.bitsDir && !record.system) replaced = record.bitsDir;
          Object.assign(record, {
            bitsDir: staged.bitsDir,
            filename: staged.filename,
            sha256: staged.sha256,
            stack: record.stack ?? staged.stack,
            system: false,
          });
        }
        if (changes.rename !== undefined) {
          const newName = changes.rename;
          if (!NAME.test(newName)) throw new RegistryError(`Invalid buildpack name: ${newName}`);
          if (state.buildpacks.some((b) => b !== record && b.name === newName && b.stack === record.stack)) {
            throw new RegistryError(`Buildpack ${newName} already exists`);
          }
          record.name = newName;
        }
        if (changes.enabled !== undefined) record.enabled = changes.enabled;
        if (changes.locked !== undefined) record.locked = changes.locked;
        if (changes.position !== undefined) {
          if (!Number.isInteger(changes.position) || changes.position < 1) {
            throw new RegistryError('Incorrect Usage: POSITION must be an integer greater than or equal to 1');
          }
          state.buildpacks = state.buildpacks.filter((b) => b !== record);
          renumber(state);
          insertAt(state, record, changes.position);
        }
        return record;
      });
      // The old bits go once the saved registry no longer names them.
      if (replaced) await rm(replaced, { recursive: true, force: true });
      return updated;
    } catch (error) {
      if (staged) await rm(staged.bitsDir, { recursive: true, force: true });
      throw error;
    }
  }

  async delete(name: string, stack?: string): Promise<void> {
    const record = await this.mutate((state) => {
      const found = find(state, name, stack);
      state.buildpacks = state.buildpacks.filter((b) => b !== found);
      renumber(state);
      if (found.system) state.deletedSystem = [...(state.deletedSystem ?? []), found.name];
      return found;
    });
    if (record.bitsDir && !record.system) await rm(record.bitsDir, { recursive: true, force: true });
  }

  assertCustomBuildpacksAllowed(spec: string): void {
    if (this.state.config.disableCustomBuildpacks) {
      throw new RegistryError(`Custom buildpacks are disabled: '${spec}' is not a registered buildpack`);
    }
  }

  /** `-b NAME`: the app's stack first, then stackless ones (CC). `binary-buildpack` also finds `binary_buildpack`. */
  async stagingBuildpack(name: string, stack: string): Promise<StagingBuildpack> {
    const candidates = [name, name.replace(/-/g, '_'), name.replace(/_/g, '-')];
    for (const candidate of candidates) {
      const record =
        this.state.buildpacks.find((b) => b.name === candidate && b.stack === stack) ??
        this.state.buildpacks.find((b) => b.name === candidate && b.stack === null);
      if (!record) continue;
      if (!record.enabled) {
        throw new RegistryError(`Requested buildpack(s) '${name}' are disabled and cannot be used for staging`);
      }
      return this.toStaging(record);
    }
    throw new RegistryError(`"${name}" must be an existing admin buildpack or a valid git URI`);
  }

  /** No -b: every enabled buildpack for the stack, by position; detect picks the first that matches. */
  async detectOrder(stack: string): Promise<StagingBuildpack[]> {
    const all = await this.list();
    const usable = all.filter((b) => b.enabled && b.state === 'READY' && (b.stack === null || b.stack === stack));
    return Promise.all(usable.map((b) => this.toStaging(b)));
  }

  private async toStaging(record: BuildpackRecord): Promise<StagingBuildpack> {
    if (!(await hasBits(record)) || !record.bitsDir) {
      throw new RegistryError(`Buildpack ${record.name} has no bits uploaded (AWAITING_UPLOAD)`);
    }
    const bitsDir = record.bitsDir;
    const sha = record.sha256 ?? (await treeDigest(bitsDir));
    // CC's admin buildpack key: <guid>_<sha256 of the bits>, so caches reset when the bits change.
    const key = `${record.guid}_${sha}`;
    return {
      key,
      name: record.name,
      async install(buildpacksDir) {
        const target = join(buildpacksDir, buildpackDirName(key));
        await rm(target, { recursive: true, force: true });
        await symlink(bitsDir, target);
      },
    };
  }

  private async storeBits(
    guid: string,
    path: string,
  ): Promise<{ bitsDir: string; filename: string; sha256: string; stack: string | null }> {
    const source = resolve(path);
    const info = await stat(source).catch(() => undefined);
    if (!info) throw new RegistryError(`Incorrect Usage: The specified path '${path}' does not exist.`);
    const bitsDir = join(this.options.dataDir, 'buildpacks', guid);
    const tmp = `${bitsDir}.tmp`;
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true });
    try {
      let sha256: string;
      if (info.isDirectory()) {
        if ((await readdir(source)).length === 0) throw new RegistryError(`The specified path '${path}' is an empty directory`);
        await cp(source, tmp, { recursive: true, verbatimSymlinks: true });
        sha256 = await treeDigest(tmp);
      } else {
        // What CC answers to the upload, then what it would find unpacking the bits for staging.
        const refused = await uploadRefusal(source);
        if (refused) throw new RegistryError(refused);
        try {
          await unzipBuildpack(source, tmp);
        } catch (error) {
          if (!(error instanceof BuildpackZipError)) throw error;
          throw new RegistryError(`Buildpack zip error: ${error.malformed ? 'buildpack zipfile is not valid' : error.message}`);
        }
        const { sha256OfFile } = await import('@bpkit/dependency');
        sha256 = await sha256OfFile(source);
      }
      const stack = await manifestStack(tmp);
      await rename(tmp, bitsDir);
      return { bitsDir, filename: basename(source), sha256, stack };
    } catch (error) {
      await rm(tmp, { recursive: true, force: true });
      throw error;
    }
  }
}

function lockFile(dataDir: string): string {
  return join(dataDir, 'buildpacks.json.lock');
}

/** Its critical sections are a read and a rename of a small file: a few ms, so a lock this old is stale. */
const REGISTRY_LOCK: LockOptions = { timeoutMs: 30_000, staleMs: 30_000 };

/** The saved registry, or undefined on first use (a file that does not parse counts as none, as it always has). */
async function readState(file: string): Promise<RegistryState | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as RegistryState;
  } catch {
    return undefined;
  }
}

/** Workspace buildpacks the registry has not seen yet (neither registered nor deleted by the operator). */
function unregistered(state: RegistryState, system: BuildpackRecord[]): BuildpackRecord[] {
  const known = new Set([...state.buildpacks.filter((b) => b.system).map((b) => b.name), ...(state.deletedSystem ?? [])]);
  return system.filter((b) => !known.has(b.name));
}

function find(state: RegistryState, name: string, stack?: string): BuildpackRecord {
  const matches = state.buildpacks.filter((b) => b.name === name && (stack === undefined || b.stack === stack));
  if (matches.length === 0) throw new RegistryError(`Buildpack '${name}' not found`);
  if (matches.length > 1) {
    throw new RegistryError(`Multiple buildpacks named ${name} found. Specify a stack name by using a '-s' flag.`);
  }
  return matches[0] as BuildpackRecord;
}

function insertAt(state: RegistryState, record: BuildpackRecord, position: number): void {
  const sorted = [...state.buildpacks].sort((a, b) => a.position - b.position);
  const index = Math.min(position - 1, sorted.length);
  sorted.splice(index, 0, record);
  // Number by array order: the moved record still carries its old position.
  sorted.forEach((b, i) => {
    b.position = i + 1;
  });
  state.buildpacks = sorted;
}

function renumber(state: RegistryState): void {
  state.buildpacks.sort((a, b) => a.position - b.position).forEach((b, i) => {
    b.position = i + 1;
  });
}

async function writeJson(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tmp, file);
}

async function hasBits(record: BuildpackRecord): Promise<boolean> {
  if (!record.bitsDir) return false;
  if (await isDirectory(join(record.bitsDir, 'bin'))) return true;
  // A zip with one top-level folder: the builder looks one level down, so do we.
  const entries = await readdir(record.bitsDir).catch(() => [] as string[]);
  return entries.length === 1 && (await exists(join(record.bitsDir, entries[0] as string, 'bin')));
}

async function manifestStack(dir: string): Promise<string | null> {
  try {
    const doc = loadYaml(await readFile(join(dir, 'manifest.yml'), 'utf8')) as { stack?: unknown } | null;
    return typeof doc?.stack === 'string' && doc.stack !== '' ? doc.stack : null;
  } catch {
    return null;
  }
}

/** A digest of a directory's files, so a rebuilt system buildpack gets a new key (and fresh caches). */
async function treeDigest(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (rel: string): Promise<void> => {
    const entries = (await readdir(join(dir, rel), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        hash.update(`${p}\0`);
        hash.update(await readFile(join(dir, p)));
      }
    }
  };
  await walk('');
  return hash.digest('hex');
}

async function systemBuildpacks(workspaceBuildpacks?: string): Promise<BuildpackRecord[]> {
  if (!workspaceBuildpacks) return [];
  const found: Array<{ name: string; dir: string }> = [];
  for (const entry of await readdir(workspaceBuildpacks, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory()) continue;
    const dir = join(workspaceBuildpacks, entry.name);
    try {
      const doc = loadYaml(await readFile(join(dir, 'manifest.yml'), 'utf8')) as { language?: string };
      if (doc.language) found.push({ name: `${doc.language}_buildpack`, dir: join(dir, 'build') });
    } catch {
      // not a buildpack package
    }
  }
  const rank = (n: string) => (SYSTEM_ORDER.includes(n) ? SYSTEM_ORDER.indexOf(n) : SYSTEM_ORDER.length);
  found.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  return found.map((f, i) => ({
    guid: randomUUID(),
    name: f.name,
    position: i + 1,
    stack: null,
    enabled: true,
    locked: false,
    filename: null,
    bitsDir: f.dir,
    sha256: null,
    system: true,
  }));
}
