import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Logger } from '@bpkit/log';
import { DEFAULT_VERSIONS_ERROR } from './default-versions.ts';
import { dependencyMissingMessage } from './dependency-missing.ts';
import { warnEndOfLife } from './end-of-life-warning.ts';
import { findMatchingVersion } from './find-matching-version.ts';
import { ManifestError } from './manifest-error.ts';
import { warnNewerVersion } from './newer-version-warning.ts';
import type { VersionLine } from './newer-version-warning.ts';
import { mergeOverride, readOverrides } from './override.ts';
import { parseManifest } from './parse-manifest.ts';
import { checkBuildpackVersion } from './staged-by-buildpack.ts';
import type { DependencyRef, ManifestData, ManifestDependency } from './types.ts';

export interface BuildpackManifestOptions {
  /** Path of manifest.yml (for messages); `dir` defaults to its directory. */
  file?: string;
  /** The buildpack root: `file:` entries and VERSION are relative to it. */
  dir?: string;
  /** Clock for end-of-life warnings. */
  now?: () => Date;
}

/**
 * A loaded manifest.yml with libbuildpack's Manifest behaviour. `stack` arguments are the staging
 * `CF_STACK`; `undefined` means "any stack" (used by the packager for any-stack zips).
 */
export class BuildpackManifest {
  readonly data: ManifestData;
  readonly file: string;
  readonly dir: string;
  private readonly now: () => Date;

  constructor(data: ManifestData, options: BuildpackManifestOptions = {}) {
    this.data = data;
    this.file = options.file ?? 'manifest.yml';
    this.dir = resolve(options.dir ?? dirname(this.file));
    this.now = options.now ?? (() => new Date());
  }

  get language(): string {
    return this.data.language;
  }

  /** A packaged stack zip drops `cf_stacks` and sets `stack:`; such entries belong to that stack only. */
  supportsStack(entry: ManifestDependency, stack: string | undefined): boolean {
    if (stack === undefined) return true;
    if (entry.cf_stacks === undefined && this.data.stack !== undefined) return this.data.stack === stack;
    return entry.cf_stacks?.includes(stack) ?? false;
  }

  /** Versions of `name` available on `stack`, in manifest order. */
  allDependencyVersions(name: string, stack: string | undefined): string[] {
    return this.data.dependencies.filter((e) => e.name === name && this.supportsStack(e, stack)).map((e) => e.version);
  }

  /** The single `default_versions` constraint for `name`, resolved to the highest matching version on `stack`. */
  defaultVersion(name: string, stack: string | undefined): DependencyRef {
    const defaults = this.data.default_versions.filter((d) => d.name === name);
    if (defaults.length === 0) throw new ManifestError(`${DEFAULT_VERSIONS_ERROR}\nno default version for ${name}`);
    if (defaults.length > 1) {
      throw new ManifestError(`${DEFAULT_VERSIONS_ERROR}\nfound ${defaults.length} default versions for ${name}`);
    }
    try {
      return { name, version: findMatchingVersion(defaults[0]!.version, this.allDependencyVersions(name, stack)) };
    } catch (err) {
      throw new ManifestError(`${DEFAULT_VERSIONS_ERROR}\n${(err as Error).message}`);
    }
  }

  /** The entry for name+version on `stack`; the last match wins so override.yml entries take precedence. */
  getEntry(name: string, version: string, stack: string | undefined): ManifestDependency {
    const matches = this.data.dependencies.filter((e) => e.name === name && e.version === version && this.supportsStack(e, stack));
    const entry = matches[matches.length - 1];
    if (!entry) throw new ManifestError(dependencyMissingMessage(name, version, this.allDependencyVersions(name, stack)));
    return entry;
  }

  checkStackSupport(stack: string): void {
    if (this.data.stack !== undefined) {
      if (this.data.stack !== stack) throw new ManifestError(`required stack ${stack} was not found`);
      return;
    }
    if (this.data.dependencies.length === 0) return;
    if (this.data.dependencies.some((e) => e.cf_stacks?.includes(stack))) return;
    throw new ManifestError(`required stack ${stack} was not found`);
  }

  /** Absolute path of a vendored `file:` entry. */
  filePath(entry: ManifestDependency): string | undefined {
    if (!entry.file) return undefined;
    return isAbsolute(entry.file) ? entry.file : join(this.dir, entry.file);
  }

  /** Trimmed contents of the buildpack's VERSION file. */
  async version(): Promise<string> {
    try {
      return (await readFile(join(this.dir, 'VERSION'), 'utf8')).trim();
    } catch (err) {
      throw new ManifestError(`unable to read VERSION file ${(err as Error).message}`);
    }
  }

  warnNewerVersion(dep: DependencyRef, stack: string | undefined, log: Logger, line: VersionLine = 'minor'): void {
    warnNewerVersion(dep, this.allDependencyVersions(dep.name, stack), log, line);
  }

  warnEndOfLife(dep: DependencyRef, log: Logger): void {
    warnEndOfLife(dep, this.data.dependency_deprecation_dates, log, this.now());
  }

  async checkBuildpackVersion(cacheDir: string, log: Logger): Promise<void> {
    let version: string;
    try {
      version = await this.version();
    } catch {
      return;
    }
    await checkBuildpackVersion(cacheDir, { language: this.language, version }, log);
  }

  /** Applies every `<depsDir>/*\/override.yml` section for this buildpack's language. Returns the files applied. */
  async applyOverride(depsDir: string): Promise<string[]> {
    const overrides = await readOverrides(depsDir, this.language);
    for (const o of overrides) mergeOverride(this.data, o);
    return overrides.map((o) => o.file);
  }
}

/** Reads and validates a manifest.yml; the buildpack root is its directory. */
export async function loadManifest(path: string, options: Omit<BuildpackManifestOptions, 'file'> = {}): Promise<BuildpackManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ManifestError(`${path}: cannot read manifest: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return new BuildpackManifest(parseManifest(text, { file: path }), { ...options, file: path });
}
