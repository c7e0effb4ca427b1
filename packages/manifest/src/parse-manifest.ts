import { DEFAULT_VERSIONS_ERROR } from './default-versions.ts';
import { findMatchingVersion } from './find-matching-version.ts';
import { ManifestError } from './manifest-error.ts';
import { parseYaml } from './manifest-yaml.ts';
import type {
  DefaultVersion,
  DeprecationDate,
  ManifestData,
  ManifestDependency,
  PackagingProfile,
  SubDependency,
  UrlToDependencyMapping,
} from './types.ts';

export interface ParseOptions {
  /** Names the file in error messages. */
  file?: string;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects every problem so one run shows them all, each naming the file and the entry. */
class Problems {
  readonly lines: string[] = [];
  constructor(private readonly file: string) {}
  add(where: string, message: string): void {
    this.lines.push(`${this.file}: ${where}: ${message}`);
  }
}

// Numbers and booleans are coerced: manifests written by hand or by other YAML tools may carry them.
function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function list(v: unknown, where: string, p: Problems): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    p.add(where, 'must be a list');
    return [];
  }
  return v;
}

function stringList(v: unknown, where: string, p: Problems): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const out: string[] = [];
  list(v, where, p).forEach((item, i) => {
    const s = scalar(item);
    if (s === undefined) p.add(`${where}[${i}]`, 'must be a string');
    else out.push(s);
  });
  return out;
}

function requireFields(o: Obj, fields: readonly string[], where: string, p: Problems): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const s = scalar(o[f]);
    if (s === undefined || s === '') p.add(where, `missing ${f}`);
    else out[f] = s;
  }
  return out;
}

function label(section: string, i: number, o: Obj): string {
  const name = scalar(o['name']);
  const version = scalar(o['version']) ?? scalar(o['version_line']);
  const id = [name, version].filter((x) => x !== undefined && x !== '').join(' ');
  return id ? `${section}[${i}] (${id})` : `${section}[${i}]`;
}

export function parseDependencies(raw: unknown, section: string, p: Problems): ManifestDependency[] {
  const deps: ManifestDependency[] = [];
  list(raw, section, p).forEach((item, i) => {
    if (!isObj(item)) {
      p.add(`${section}[${i}]`, 'must be a mapping');
      return;
    }
    const where = label(section, i, item);
    const f = requireFields(item, ['name', 'version', 'uri', 'sha256'], where, p);
    if (f['sha256'] !== undefined && !/^[0-9a-f]{64}$/i.test(f['sha256'])) {
      p.add(where, `sha256 must be 64 hex characters, got "${f['sha256']}"`);
    }
    const dep: ManifestDependency = {
      ...item,
      name: f['name'] ?? '',
      version: f['version'] ?? '',
      uri: f['uri'] ?? '',
      sha256: (f['sha256'] ?? '').toLowerCase(),
    };
    const stacks = stringList(item['cf_stacks'], `${where}.cf_stacks`, p);
    if (stacks) dep.cf_stacks = stacks;
    else delete dep.cf_stacks;
    for (const key of ['source', 'source_sha256', 'file'] as const) {
      if (item[key] === undefined || item[key] === null) {
        delete dep[key];
        continue;
      }
      const s = scalar(item[key]);
      if (s === undefined) p.add(where, `${key} must be a string`);
      else dep[key] = s;
    }
    if (item['dependencies'] !== undefined && item['dependencies'] !== null) {
      const subs: SubDependency[] = [];
      list(item['dependencies'], `${where}.dependencies`, p).forEach((sub, j) => {
        const name = isObj(sub) ? scalar(sub['name']) : undefined;
        if (!isObj(sub) || !name) {
          p.add(`${where}.dependencies[${j}]`, 'missing name');
          return;
        }
        const version = scalar(sub['version']);
        subs.push(version === undefined ? { ...sub, name } : { ...sub, name, version });
      });
      dep.dependencies = subs;
    }
    deps.push(dep);
  });
  return deps;
}

export function parseDefaultVersions(raw: unknown, p: Problems): DefaultVersion[] {
  const out: DefaultVersion[] = [];
  list(raw, 'default_versions', p).forEach((item, i) => {
    if (!isObj(item)) {
      p.add(`default_versions[${i}]`, 'must be a mapping');
      return;
    }
    const f = requireFields(item, ['name', 'version'], label('default_versions', i, item), p);
    if (f['name'] !== undefined && f['version'] !== undefined) out.push({ name: f['name'], version: f['version'] });
  });
  return out;
}

/** The seed's two rules: at most one default per dependency, and each default matches a listed version. */
function checkDefaultVersions(defaults: readonly DefaultVersion[], deps: readonly ManifestDependency[], p: Problems): void {
  const before = p.lines.length;
  const seen = new Map<string, number>();
  defaults.forEach((d, i) => {
    const where = `default_versions[${i}] (${d.name} ${d.version})`;
    const first = seen.get(d.name);
    if (first !== undefined) {
      p.add(where, `more than one default version for ${d.name} (first at default_versions[${first}])`);
      return;
    }
    seen.set(d.name, i);
    const versions = deps.filter((e) => e.name === d.name).map((e) => e.version);
    try {
      findMatchingVersion(d.version, versions);
    } catch (err) {
      p.add(where, `${d.name} ${(err as Error).message}`);
    }
  });
  if (p.lines.length > before) p.lines.push(DEFAULT_VERSIONS_ERROR);
}

function parseDeprecations(raw: unknown, p: Problems): DeprecationDate[] {
  const out: DeprecationDate[] = [];
  list(raw, 'dependency_deprecation_dates', p).forEach((item, i) => {
    if (!isObj(item)) {
      p.add(`dependency_deprecation_dates[${i}]`, 'must be a mapping');
      return;
    }
    const where = label('dependency_deprecation_dates', i, item);
    const f = requireFields(item, ['name', 'version_line', 'date'], where, p);
    if (f['date'] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(f['date'])) {
      p.add(where, `date must be YYYY-MM-DD, got "${f['date']}"`);
    }
    const d: DeprecationDate = { ...item, name: f['name'] ?? '', version_line: f['version_line'] ?? '', date: f['date'] ?? '' };
    const link = scalar(item['link']);
    if (link !== undefined) d.link = link;
    else delete d.link;
    const match = scalar(item['match']);
    if (match !== undefined) d.match = match;
    else delete d.match;
    out.push(d);
  });
  return out;
}

function parseProfiles(raw: unknown, p: Problems): Record<string, PackagingProfile> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObj(raw)) {
    p.add('packaging_profiles', 'must be a mapping');
    return undefined;
  }
  const out: Record<string, PackagingProfile> = {};
  for (const [name, value] of Object.entries(raw)) {
    const where = `packaging_profiles.${name}`;
    if (!/^[a-z0-9_-]+$/.test(name)) p.add(where, 'profile names must match ^[a-z0-9_-]+$');
    if (!isObj(value)) {
      p.add(where, 'must be a mapping');
      continue;
    }
    const profile: PackagingProfile = { ...value };
    const description = scalar(value['description']);
    if (description !== undefined) profile.description = description;
    const exclude = stringList(value['exclude'], `${where}.exclude`, p);
    if (exclude) profile.exclude = exclude;
    out[name] = profile;
  }
  return out;
}

function parseUrlMap(raw: unknown, p: Problems): UrlToDependencyMapping[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const out: UrlToDependencyMapping[] = [];
  list(raw, 'url_to_dependency_map', p).forEach((item, i) => {
    if (!isObj(item)) {
      p.add(`url_to_dependency_map[${i}]`, 'must be a mapping');
      return;
    }
    const f = requireFields(item, ['match', 'name', 'version'], `url_to_dependency_map[${i}]`, p);
    out.push({ ...item, match: f['match'] ?? '', name: f['name'] ?? '', version: f['version'] ?? '' });
  });
  return out;
}

/** Parses and validates manifest.yml text; throws one ManifestError listing every problem. */
export function parseManifest(text: string, options: ParseOptions = {}): ManifestData {
  const file = options.file ?? 'manifest.yml';
  let raw: unknown;
  try {
    raw = parseYaml(text, file);
  } catch (err) {
    throw new ManifestError(`${file}: invalid YAML: ${(err as Error).message}`);
  }
  if (!isObj(raw)) throw new ManifestError(`${file}: must be a YAML mapping`);
  const p = new Problems(file);

  const language = scalar(raw['language']);
  if (!language) p.add('language', 'missing language');
  const dependencies = parseDependencies(raw['dependencies'], 'dependencies', p);
  const defaults = parseDefaultVersions(raw['default_versions'], p);
  const manifest: ManifestData = {
    ...raw,
    language: language ?? '',
    default_versions: defaults,
    dependencies,
    dependency_deprecation_dates: parseDeprecations(raw['dependency_deprecation_dates'], p),
  };
  for (const key of ['include_files', 'exclude_files'] as const) {
    const files = stringList(raw[key], key, p);
    if (files) manifest[key] = files;
    else delete manifest[key];
  }
  for (const key of ['pre_package', 'stack'] as const) {
    if (raw[key] === undefined || raw[key] === null) {
      delete manifest[key];
      continue;
    }
    const s = scalar(raw[key]);
    if (s === undefined) p.add(key, 'must be a string');
    else manifest[key] = s;
  }
  const urlMap = parseUrlMap(raw['url_to_dependency_map'], p);
  if (urlMap) manifest.url_to_dependency_map = urlMap;
  else delete manifest.url_to_dependency_map;
  const profiles = parseProfiles(raw['packaging_profiles'], p);
  if (profiles) manifest.packaging_profiles = profiles;
  else delete manifest.packaging_profiles;

  checkDefaultVersions(defaults, dependencies, p);
  if (p.lines.length > 0) throw new ManifestError(p.lines.join('\n'));
  return manifest;
}

export { Problems };
