import { chmod, lstat, mkdir, readdir, readlink, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { type YamlValue, toYaml } from './yaml-emit.ts';

export interface ConfigYml {
  name: string;
  version: string;
  config?: Record<string, unknown>;
}

/** config.yml `{config, name, version}`, keys sorted as yaml.v2 writes them; config defaults to {}. */
export function configYml(doc: ConfigYml): string {
  return toYaml({ config: (doc.config ?? {}) as YamlValue, name: doc.name, version: doc.version }, { sortKeys: true });
}

/**
 * Writers for deps/<idx>, with libbuildpack Stager semantics. Links are relative, so the
 * droplet works wherever deps/ is extracted (staging and launch paths differ on CF).
 */
export class DepDir {
  readonly path: string;

  constructor(path: string) {
    this.path = resolve(path);
  }

  /** env/<NAME> with the raw value (no newline): exported to later buildpacks at staging. */
  async writeEnvFile(name: string, value: string): Promise<void> {
    const dir = join(this.path, 'env');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, name), value, { mode: 0o644 });
  }

  /** profile.d/<name>, mode 0755; finalize copies it to <profileDir>/<idx>_<name>. */
  async writeProfileD(name: string, body: string): Promise<void> {
    const dir = join(this.path, 'profile.d');
    await mkdir(dir, { recursive: true });
    const file = join(dir, name);
    await writeFile(file, body, { mode: 0o755 });
    await chmod(file, 0o755);
  }

  /** bin/<name> → target, as a relative symlink (replacing an existing bin/<name>). */
  async linkBinary(target: string, name: string): Promise<void> {
    const dir = join(this.path, 'bin');
    await mkdir(dir, { recursive: true });
    await relink(relative(dir, resolve(target)), join(dir, name));
  }

  /**
   * A relative symlink in <depDir>/<sub> for each entry of source (libbuildpack LinkDirectoryInDepDir). An entry
   * that is itself a link (Node's bin/npm → ../lib/…/npm-cli.js) is linked to where it leads: a link to a link is
   * dropped by extractors that refuse to resolve through symlinks (node-tar 7.5), and the command would be gone.
   */
  async linkDirectory(source: string, sub: string): Promise<void> {
    const dir = join(this.path, sub);
    await mkdir(dir, { recursive: true });
    const from = resolve(source);
    for (const name of (await readdir(from)).sort()) {
      await relink(relative(dir, await linkEnd(join(from, name))), join(dir, name));
    }
  }

  async writeConfigYml(doc: ConfigYml): Promise<void> {
    await mkdir(this.path, { recursive: true });
    await writeFile(join(this.path, 'config.yml'), configYml(doc), { mode: 0o644 });
  }

  /** libbuildpack ClearDepDir: everything but config.yml goes (e.g. build tools not needed at launch). */
  async clear(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const name of names) {
      if (name !== 'config.yml') await rm(join(this.path, name), { recursive: true, force: true });
    }
  }
}

// Re-running a phase (cached staging, compile after supply) must not fail on links it made before;
// anything that is not a symlink is left alone and symlink() fails with EEXIST, as in libbuildpack.
async function relink(target: string, link: string): Promise<void> {
  try {
    if ((await lstat(link)).isSymbolicLink()) await unlink(link);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await symlink(target, link);
}

/**
 * Where `path`'s own chain of symlinks ends. Unlike realpath, the directories above it are not resolved: a
 * toolchain linked in from the app cache must stay reached through deps/, which the droplet holds.
 */
async function linkEnd(path: string): Promise<string> {
  let at = path;
  for (let hops = 0; hops < 40; hops++) {
    let target: string;
    try {
      target = await readlink(at);
    } catch {
      return at;
    }
    at = resolve(dirname(at), target);
  }
  return at;
}
