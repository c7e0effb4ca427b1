import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { bundleBuildpack } from '@bpkit/bundle';
import { writeNodeRuntime } from '@bpkit/node-runtime';
import { parseManifest } from '@bpkit/manifest';
import { type PackageOptions, type PackageResult, packageBuildpack } from '@bpkit/packager';
import type { KitEnvironment } from './kit-environment.ts';
import { scratchDir } from './kit-environment.ts';
import { type LoopbackDependencies, loopbackManifest } from './loopback-dependencies.ts';
import type { WorkspaceBuildpack } from './workspace-buildpacks.ts';

/** A buildpack made ready for the rules. */
export interface PreparedBuildpack {
  buildpack: WorkspaceBuildpack;
  /** bpkit-bundle's output for the package, as `pnpm build` writes build/: untouched. */
  buildDir: string;
  /** A copy of buildDir whose manifest.yml (and lib/node-runtime) points at the loopback server. */
  loopbackDir: string;
  /** That manifest's text, or undefined when the committed manifest does not parse (no loopback copy). */
  loopbackManifest: string | undefined;
  manifestText: string;
  version: string;
}

/**
 * Bundles the package into the kit's scratch space rather than reading its build/: turbo may be
 * writing build/ in the same run, and a stale build/ would be checked instead of the sources.
 */
export async function prepareBuildpack(buildpack: WorkspaceBuildpack, kit: KitEnvironment, loopback: LoopbackDependencies): Promise<PreparedBuildpack> {
  const root = await scratchDir(kit, buildpack.name);
  const buildDir = join(root, 'build');
  try {
    await bundleBuildpack({ packageDir: buildpack.packageDir, outDir: buildDir });
  } catch (error) {
    throw new Error(`[bundle] buildpacks/${buildpack.name} does not build with bpkit-bundle: ${(error as Error).message}`);
  }
  const manifestText = await readFile(join(buildDir, 'manifest.yml'), 'utf8');
  const version = (await readFile(join(buildDir, 'VERSION'), 'utf8')).trim();
  const loopbackDir = join(root, 'loopback-build');
  let served: string | undefined;
  try {
    served = await loopbackManifest(manifestText, loopback);
  } catch {
    served = undefined;
  }
  if (served !== undefined) {
    await cp(buildDir, loopbackDir, { recursive: true, verbatimSymlinks: true });
    await writeFile(join(loopbackDir, 'manifest.yml'), served);
    await writeNodeRuntime(loopbackDir, served).catch(() => undefined);
  }
  return { buildpack, buildDir, loopbackDir, loopbackManifest: served, manifestText, version };
}

function listedStacks(manifestText: string): string[] {
  try {
    return parseManifest(manifestText).dependencies.flatMap((d) => d.cf_stacks ?? []);
  } catch {
    return [];
  }
}

type PackagerLog = NonNullable<PackageOptions['log']>;

/** The packager's log, kept for failure messages instead of cluttering the test output. */
function capturedLog(lines: string[]): PackagerLog {
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const say = (prefix: string) => (message: string) => void lines.push(`${prefix}${message}\n`);
  return {
    stdout,
    beginStep: say('-----> '),
    info: say('       '),
    warning: say('       **WARNING** '),
    error: say('       **ERROR** '),
    debug: () => undefined,
    protip: say('       PRO TIP: '),
    indented: () => stdout,
  };
}

/** The zips the rules look at; each undefined when it could not be made (see `errors`). */
export interface ConformanceZips {
  /** Committed manifest, any stack, uncached: exactly what `bpkit package NAME` ships. */
  committed?: PackageResult;
  /** Committed manifest, the kit's stack, uncached (when the manifest lists that stack). */
  committedStack?: PackageResult;
  /** Loopback manifest, uncached: its bootstrap downloads Node from the loopback server. */
  uncached?: PackageResult;
  /** Loopback manifest, cached: vendors this machine's Node and the stand-ins. */
  cached?: PackageResult;
  /** `[zip-packaging]` messages: which zip failed and the packager's reason. */
  errors: string[];
  log: string[];
}

/** Packages the prepared buildpack as `bpkit package` does, into the kit's scratch space. */
export async function packageForConformance(prepared: PreparedBuildpack, kit: KitEnvironment): Promise<ConformanceZips> {
  const { buildpack } = prepared;
  const log: string[] = [];
  const zips: ConformanceZips = { errors: [], log };
  const outDir = await scratchDir(kit, `${buildpack.name}-zips`);
  const common = { log: capturedLog(log), cacheDir: join(kit.scratch, 'download-cache'), env: {} };
  const attempt = async (what: string, options: Omit<PackageOptions, 'log' | 'cacheDir' | 'env'>): Promise<PackageResult | undefined> => {
    try {
      return await packageBuildpack({ ...common, ...options, outDir: join(outDir, what) });
    } catch (error) {
      zips.errors.push(`${what} zip: ${(error as Error).message}`);
      return undefined;
    }
  };
  const committed = { name: buildpack.name, packageDir: buildpack.packageDir, buildDir: prepared.buildDir };
  zips.committed = await attempt('uncached', { buildpack: committed });
  if (listedStacks(prepared.manifestText).includes(kit.stack)) {
    zips.committedStack = await attempt(`uncached-${kit.stack}`, { buildpack: committed, stack: kit.stack });
  }
  if (prepared.loopbackManifest !== undefined) {
    const served = { name: buildpack.name, packageDir: buildpack.packageDir, buildDir: prepared.loopbackDir };
    const manifestFile = join(prepared.loopbackDir, 'manifest.yml');
    zips.uncached = await attempt('loopback-uncached', { buildpack: served, manifestFile });
    zips.cached = await attempt('loopback-cached', { buildpack: served, manifestFile, cached: true });
  }
  return zips;
}
