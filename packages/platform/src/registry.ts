import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { buildpackDirName } from '@bpkit/stager';
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
 */
export class Registry {
  private constructor(
    private readonly options: RegistryOptions,
    private state: RegistryState,
  ) {}

  static async open(options: RegistryOptions): Promise<Registry> {
    const file = join(options.dataDir, 'buildpacks.json');
    let state: RegistryState;
    try {
      state = JSON.parse(await readFile(file, 'utf8')) as RegistryState;
    } catch {
      state = { buildpacks: await systemBuildpacks(options.systemBuildpacksDir), config: { disableCustomBuildpacks: false } };
      await mkdir(options.dataDir, { recursive: true });
      await writeJson(file, state);
      return new Registry(options, state);
    }
    // A buildpack added to the workspace later (`bpkit new`) joins an existing platform at the end of the
    // order, as `cf create-buildpack` with a large position would put it.
    const known = new Set([...state.buildpacks.filter((b) => b.system).map((b) => b.name), ...(state.deletedSystem ?? [])]);
    const added = (await systemBuildpacks(options.systemBuildpacksDir)).filter((b) => !known.has(b.name));
    if (added.length > 0) {
      for (const b of added) state.buildpacks.push({ ...b, position: state.buildpacks.length + 1 });
      await writeJson(file, state);
    }
    return new Registry(options, state);
  }

  private get file(): string {
    return join(this.options.dataDir, 'buildpacks.json');
  }

  private async save(): Promise<void> {
    await writeJson(this.file, this.state);
  }

  get config(): PlatformConfig {
    return { ...this.state.config };
  }

  async setConfig(config: Partial<PlatformConfig>): Promise<void> {
    this.state.config = { ...this.state.config, ...config };
    await this.save();
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
    if (this.state.buildpacks.some((b) => b.name === name && b.stack === staged.stack)) {
      await rm(staged.bitsDir, { recursive: true, force: true });
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
    this.insertAt(record, position);
    await this.save();
    return record;
  }

  async update(
    name: string,
    changes: { path?: string; position?: number; enabled?: boolean; locked?: boolean; rename?: string; stack?: string },
  ): Promise<BuildpackRecord> {
    const record = this.find(name, changes.stack);
    if (changes.path !== undefined) {
      if (record.locked && changes.locked !== false) throw new RegistryError('The buildpack is locked');
      const staged = await this.storeBits(randomUUID(), changes.path);
      if (record.stack && staged.stack && staged.stack !== record.stack) {
        await rm(staged.bitsDir, { recursive: true, force: true });
        throw new RegistryError(`Uploaded buildpack stack (${staged.stack}) does not match ${record.stack}`);
      }
      if (record.bitsDir && !record.system) await rm(record.bitsDir, { recursive: true, force: true });
      Object.assign(record, {
        bitsDir: staged.bitsDir,
        filename: staged.filename,
        sha256: staged.sha256,
        stack: record.stack ?? staged.stack,
        system: false,
      });
    }
    if (changes.rename !== undefined) {
      if (!NAME.test(changes.rename)) throw new RegistryError(`Invalid buildpack name: ${changes.rename}`);
      if (this.state.buildpacks.some((b) => b !== record && b.name === changes.rename && b.stack === record.stack)) {
        throw new RegistryError(`Buildpack ${changes.rename} already exists`);
      }
      record.name = changes.rename;
    }
    if (changes.enabled !== undefined) record.enabled = changes.enabled;
    if (changes.locked !== undefined) record.locked = changes.locked;
    if (changes.position !== undefined) {
      if (!Number.isInteger(changes.position) || changes.position < 1) {
        throw new RegistryError('Incorrect Usage: POSITION must be an integer greater than or equal to 1');
      }
      this.state.buildpacks = this.state.buildpacks.filter((b) => b !== record);
      this.renumber();
      this.insertAt(record, changes.position);
    }
    await this.save();
    return record;
  }

  async delete(name: string, stack?: string): Promise<void> {
    const record = this.find(name, stack);
    this.state.buildpacks = this.state.buildpacks.filter((b) => b !== record);
    this.renumber();
    if (record.system) this.state.deletedSystem = [...(this.state.deletedSystem ?? []), record.name];
    if (record.bitsDir && !record.system) await rm(record.bitsDir, { recursive: true, force: true });
    await this.save();
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

  private find(name: string, stack?: string): BuildpackRecord {
    const matches = this.state.buildpacks.filter((b) => b.name === name && (stack === undefined || b.stack === stack));
    if (matches.length === 0) throw new RegistryError(`Buildpack '${name}' not found`);
    if (matches.length > 1) {
      throw new RegistryError(`Multiple buildpacks named ${name} found. Specify a stack name by using a '-s' flag.`);
    }
    return matches[0] as BuildpackRecord;
  }

  private insertAt(record: BuildpackRecord, position: number): void {
    const sorted = [...this.state.buildpacks].sort((a, b) => a.position - b.position);
    const index = Math.min(position - 1, sorted.length);
    sorted.splice(index, 0, record);
    // Number by array order: the moved record still carries its old position.
    sorted.forEach((b, i) => {
      b.position = i + 1;
    });
    this.state.buildpacks = sorted;
  }

  private renumber(): void {
    this.state.buildpacks.sort((a, b) => a.position - b.position).forEach((b, i) => {
      b.position = i + 1;
    });
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
        const { extractZip } = await import('@bpkit/dependency');
        await extractZip(source, tmp, 0);
        sha256 = createHash('sha256').update(await readFile(source)).digest('hex');
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

async function writeJson(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tmp, file);
}

async function hasBits(record: BuildpackRecord): Promise<boolean> {
  if (!record.bitsDir) return false;
  const bin = await stat(join(record.bitsDir, 'bin')).catch(() => undefined);
  if (bin?.isDirectory()) return true;
  // A zip with one top-level folder: the builder looks one level down, so do we.
  const entries = await readdir(record.bitsDir).catch(() => [] as string[]);
  return entries.length === 1 && !!(await stat(join(record.bitsDir, entries[0] as string, 'bin')).catch(() => undefined));
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
