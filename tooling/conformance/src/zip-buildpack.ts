import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import { type ZipEntry, zipEntries, zipFile } from './zip-archive.ts';

type Yaml = Record<string, unknown>;
export const isMap = (v: unknown): v is Yaml => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a cached zip holds the bootstrap's Node, unpacked. */
export const VENDORED_NODE = 'vendor/node/bin/node';

/** What a packaged buildpack zip holds, read from the outside. */
export interface ZipBuildpack {
  path: string;
  entries: ZipEntry[];
  manifestText: string | undefined;
  /** manifest.yml loaded with every scalar a string (key order kept), or undefined when absent or not YAML. */
  manifest: Yaml | undefined;
  version: string | undefined;
  /** Vendors its dependencies: a `file:` entry or anything under dependencies/. */
  cached: boolean;
  /** The manifest's `stack:` (a stack-specific zip). */
  stack: string | undefined;
}

export async function readZipBuildpack(path: string): Promise<ZipBuildpack> {
  const entries = await zipEntries(path);
  const manifestText = (await zipFile(path, 'manifest.yml'))?.toString('utf8');
  let manifest: Yaml | undefined;
  try {
    const loaded = manifestText === undefined ? undefined : load(manifestText, { schema: FAILSAFE_SCHEMA });
    manifest = isMap(loaded) ? loaded : undefined;
  } catch {
    manifest = undefined;
  }
  const version = (await zipFile(path, 'VERSION'))?.toString('utf8');
  const deps = manifest && Array.isArray(manifest.dependencies) ? manifest.dependencies.filter(isMap) : [];
  // A cached zip vendors its dependencies, and the bootstrap's Node unpacked (vendor/node, see @bpkit/packager).
  const cached =
    deps.some((d) => typeof d.file === 'string') || entries.some((e) => e.name.startsWith('dependencies/') || e.name === VENDORED_NODE);
  const stack = typeof manifest?.stack === 'string' ? manifest.stack : undefined;
  return { path, entries, manifestText, manifest, version, cached, stack };
}
