import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RetryPolicy } from '@bpkit/dependency';
import { isFile } from '@bpkit/fs';
import { createLogger } from '@bpkit/log';
import type { Logger } from '@bpkit/log';
import { ManifestError, parseManifest, stringifyManifest } from '@bpkit/manifest';
import type { ManifestData, ManifestDependency } from '@bpkit/manifest';
import { nodeRuntimeEntries, nodeRuntimeScript } from '@bpkit/node-runtime';
import { buildpackFiles } from './buildpack-files.ts';
import type { ZipSource } from './buildpack-files.ts';
import { writeDeterministicZip } from './deterministic-zip.ts';
import { cacheDependency, defaultCacheDir, vendoredPath } from './download-cache.ts';
import { locateBuildpack } from './locate-buildpack.ts';
import type { LocatedBuildpack } from './locate-buildpack.ts';
import { dependenciesForStack, rewriteManifest } from './packaged-manifest.ts';
import { PackagerError } from './packager-error.ts';
import { validatePackaging } from './validate-packaging.ts';
import { type VendoredRuntime, vendoredRuntime } from './vendored-runtime.ts';
import { zipFileName } from './zip-name.ts';

export interface PackageOptions {
  /** A located buildpack, or what `bpkit package` accepts: a workspace name or a directory. */
  buildpack: LocatedBuildpack | string;
  /** Resolves workspace names (the repository's buildpacks/). */
  workspaceDir?: string;
  /** Vendor every dependency of the stack into the zip. */
  cached?: boolean;
  /** A stack zip (`stack:` set, other stacks dropped); unset packages for any stack. */
  stack?: string;
  /** Defaults to the buildpack's VERSION file. */
  version?: string;
  /** Package this manifest.yml instead of the buildpack's (`--use-custom-manifest`). */
  manifestFile?: string;
  /** The download cache; defaults to defaultCacheDir(). */
  cacheDir?: string;
  /** Ignore the download cache (`--force-download`). */
  forceDownload?: boolean;
  /** Where the zip goes; defaults to the buildpack's package directory, as CF's packager does. */
  outDir?: string;
  log?: Logger;
  env?: Readonly<Record<string, string | undefined>>;
  retry?: Partial<RetryPolicy>;
}

export interface PackageResult {
  /** Absolute path of the zip. */
  path: string;
  fileName: string;
  size: number;
  sha256: string;
  cached: boolean;
  stack: string | undefined;
  version: string;
  language: string;
  /** The packaged manifest (as written into the zip). */
  manifest: ManifestData;
  /** The buildpack's own files in the zip (not counting VERSION, manifest.yml, lib/node-runtime, dependencies/). */
  fileCount: number;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new PackagerError(`Could not read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** A build older than its package's manifest.yml or VERSION would ship the old ones. */
async function checkBuildIsCurrent(bp: LocatedBuildpack, check: { manifest: boolean; version: boolean }): Promise<void> {
  if (bp.buildDir === bp.packageDir) return;
  const files = [...(check.version ? ['VERSION'] : []), ...(check.manifest ? ['manifest.yml'] : [])];
  for (const file of files) {
    const source = join(bp.packageDir, file);
    if (!(await isFile(source))) continue;
    const built = join(bp.buildDir, file);
    const [a, b] = await Promise.all([readFile(source, 'utf8'), readFile(built, 'utf8').catch(() => undefined)]);
    if (b === undefined || a.trim() !== b.trim()) {
      throw new PackagerError(`${built} is out of date with ${source}: run \`pnpm build\` first`);
    }
  }
}

function runPrePackage(script: string, cwd: string, log: Logger): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn('sh', ['-c', script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => out.push(b));
    child.on('error', (err) => fail(new PackagerError(`pre_package ${script} failed: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) return done();
      log.stdout.write(Buffer.concat(out));
      fail(new PackagerError(`pre_package ${script} failed: exit status ${code}`));
    });
  });
}

function nodeRuntime(manifestText: string): Buffer {
  try {
    return Buffer.from(nodeRuntimeScript(manifestText));
  } catch (err) {
    throw new PackagerError((err as Error).message);
  }
}

/**
 * The manifest entry the bootstrap runs on for this zip: the one stack's, or the one every stack shares. A zip for
 * several stacks with different runtimes keeps them as tarballs, and the bootstrap unpacks its stack's.
 */
/**
 * Whether the buildpack installs its bootstrap's Node for apps as well (the Node.js buildpack's default runtime):
 * its package.json says `"bpkit": { "vendorNode": "runtime" }`. Then a cached zip carries the whole runtime for
 * the app to share; otherwise only what the bootstrap runs.
 */
async function installsNodeForApps(packageDir: string): Promise<boolean> {
  const text = await readFile(join(packageDir, 'package.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return false;
  const pkg = JSON.parse(text) as { bpkit?: { vendorNode?: unknown } };
  return pkg.bpkit?.vendorNode === 'runtime';
}

function bootstrapRuntime(manifest: ManifestData, stack: string | undefined): ManifestDependency | undefined {
  const entries = nodeRuntimeEntries(stringifyManifest(rewriteManifest(manifest, { stack })));
  const chosen = stack === undefined ? entries : entries.filter((e) => e.stack === stack);
  const uris = new Set(chosen.map((e) => e.uri));
  if (uris.size !== 1) return undefined;
  const [uri] = uris;
  return manifest.dependencies.find((d) => d.name === 'node' && d.uri === uri);
}

/** A checked packaging job: everything that can be refused has been, nothing is written yet. */
export interface PreparedPackage {
  readonly buildpack: LocatedBuildpack;
  readonly fileName: string;
  readonly version: string;
  readonly cached: boolean;
  readonly stack: string | undefined;
  readonly manifest: ManifestData;
  /** Writes the zip (after filling the download cache for a cached one). */
  write(): Promise<PackageResult>;
  /** Removes the pre_package copy, if any; write() does it too. */
  dispose(): Promise<void>;
}

/**
 * Everything that can fail without writing: the build is current, the manifest model's validation,
 * CF's stack and default checks, the zip name, pre_package (in a temp copy), the file list and the
 * bootstrap's node runtime.
 */
export async function preparePackage(options: PackageOptions): Promise<PreparedPackage> {
  const log = options.log ?? createLogger();
  const env = options.env ?? process.env;
  const bp = typeof options.buildpack === 'string' ? await locateBuildpack(options.buildpack, options.workspaceDir) : options.buildpack;
  const cached = options.cached ?? false;
  const stack = options.stack || undefined;

  await checkBuildIsCurrent(bp, { manifest: options.manifestFile === undefined, version: options.version === undefined });
  const manifestPath = options.manifestFile ? resolve(options.manifestFile) : join(bp.buildDir, 'manifest.yml');
  const manifest = parseManifest(await readText(manifestPath, 'manifest'), { file: manifestPath });
  validatePackaging(manifest, stack);
  const version = options.version ?? (await readText(join(bp.buildDir, 'VERSION'), 'VERSION file')).trim();
  const fileName = zipFileName({ language: manifest.language, version, cached, stack });

  let workDir = bp.buildDir;
  let temp: string | undefined;
  const dispose = async (): Promise<void> => {
    if (temp) await rm(temp, { recursive: true, force: true });
    temp = undefined;
  };
  try {
    if (manifest.pre_package) {
      temp = await mkdtemp(join(tmpdir(), 'bpkit-package-'));
      workDir = join(temp, 'buildpack');
      await cp(bp.buildDir, workDir, { recursive: true, filter: (src) => !src.endsWith('/.git') });
      await runPrePackage(manifest.pre_package, workDir, log);
    }
    const files = await buildpackFiles(workDir, manifest, bp.buildDir === bp.packageDir ? undefined : bp.packageDir);
    const hasNodeRuntime = await isFile(join(workDir, 'lib', 'node-runtime'));
    if (hasNodeRuntime) nodeRuntime(stringifyManifest(rewriteManifest(manifest, { stack })));

    const write = async (): Promise<PackageResult> => {
      let runtime: VendoredRuntime | undefined;
      try {
        const vendored = new Map<ManifestDependency, { name: string; path: string }>();
        if (cached) {
          const cacheDir = options.cacheDir ?? defaultCacheDir(env);
          const seen = new Map<string, string>();
          for (const dep of dependenciesForStack(manifest, stack)) {
            let path = seen.get(dep.uri);
            if (path === undefined) {
              path = await cacheDependency(dep, { cacheDir, force: options.forceDownload ?? false, log, env, ...(options.retry ? { retry: options.retry } : {}) });
              seen.set(dep.uri, path);
            }
            vendored.set(dep, { name: vendoredPath(dep.uri), path });
          }
        }

        // The bootstrap's Node goes in unpacked (vendor/node), not as a tarball the staging would unpack again.
        const bootstrap = cached && hasNodeRuntime ? bootstrapRuntime(manifest, stack) : undefined;
        if (bootstrap) {
          const tarball = [...vendored].find(([d]) => d === bootstrap)?.[1].path;
          if (tarball) {
            runtime = await vendoredRuntime(tarball, bootstrap, tmpdir(), { whole: await installsNodeForApps(bp.packageDir) });
            vendored.delete(bootstrap);
          }
        }

        const packaged = rewriteManifest(manifest, { stack, fileFor: (d) => vendored.get(d)?.name });
        const manifestText = stringifyManifest(packaged);
        const sources: ZipSource[] = [
          ...files,
          { name: 'VERSION', data: Buffer.from(version), executable: false },
          { name: 'manifest.yml', data: Buffer.from(manifestText), executable: false },
          ...(hasNodeRuntime ? [{ name: 'lib/node-runtime', data: nodeRuntime(manifestText), executable: false }] : []),
          ...(runtime?.sources ?? []),
        ];
        const added = new Set<string>();
        for (const { name, path } of vendored.values()) {
          if (added.has(name)) continue;
          added.add(name);
          sources.push({ name, path, executable: false });
        }

        const outDir = resolve(options.outDir ?? bp.packageDir);
        await mkdir(outDir, { recursive: true });
        const path = join(outDir, fileName);
        const { size, sha256 } = await writeDeterministicZip(sources, path);
        return { path, fileName, size, sha256, cached, stack, version, language: manifest.language, manifest: packaged, fileCount: files.length };
      } finally {
        await runtime?.dispose();
        await dispose();
      }
    };
    return { buildpack: bp, fileName, version, cached, stack, manifest, write, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

/**
 * Packages a built buildpack as libbuildpack's packager does, into a deterministic zip: checks first
 * (preparePackage), then a cached zip fills the download cache, and the zip is written last, atomically.
 */
export async function packageBuildpack(options: PackageOptions): Promise<PackageResult> {
  return (await preparePackage(options)).write();
}

/** The manifest `bpkit package --summary` describes: the buildpack's own, or a custom one. */
export async function loadPackagingManifest(buildpack: LocatedBuildpack, manifestFile?: string): Promise<ManifestData> {
  const path = manifestFile ? resolve(manifestFile) : join(buildpack.buildDir, 'manifest.yml');
  try {
    return parseManifest(await readText(path, 'manifest'), { file: path });
  } catch (err) {
    if (err instanceof ManifestError || err instanceof PackagerError) throw err;
    throw new PackagerError((err as Error).message);
  }
}
