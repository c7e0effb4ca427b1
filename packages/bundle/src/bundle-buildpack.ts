import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exists } from '@bpkit/fs';
import { writeNodeRuntime } from '@bpkit/node-runtime';
import { compileDetect } from './compile-detect.ts';
import { declaredCompileScript, declaredFinalizeScript, declaredSupplyScript } from './declared-phases.ts';
import { bundleEntry, lazyChunkName } from './esbuild-phase.ts';
import { loadDefinition } from './load-definition.ts';
import { nodePhaseScript, releaseScript, type NodePhase } from './phase-scripts.ts';

export interface BundleOptions {
  /** The buildpack workspace package: package.json, VERSION, manifest.yml, src/buildpack.ts. */
  packageDir: string;
  /** The buildpack directory to produce; default `<packageDir>/build`. */
  outDir?: string;
}

export interface BundleResult {
  outDir: string;
  name: string;
  version: string;
  detect: 'never' | 'rules' | 'code';
  /** Phases compiled to sh from the declaration (no Node starts for them); the others run on the bootstrap's Node. */
  declared: Array<'supply' | 'finalize' | 'compile'>;
  /** Bytes of each lib/<phase>.cjs. */
  bundles: Partial<Record<NodePhase, number>>;
}

const CORE = '@bpkit/buildpack';
const BOOTSTRAP_SH = fileURLToPath(new URL('../sh/bootstrap.sh', import.meta.url));

/**
 * Lays out the buildpack directory CF runs: bin/{detect,supply,finalize,release,compile} (sh),
 * lib/<phase>.cjs (esbuild bundles), lib/bootstrap.sh, lib/node-runtime, manifest.yml, VERSION.
 * The result depends only on the inputs, so an unchanged buildpack rebuilds byte-identical.
 */
export async function bundleBuildpack(options: BundleOptions): Promise<BundleResult> {
  const packageDir = resolve(options.packageDir);
  const outDir = resolve(options.outDir ?? join(packageDir, 'build'));
  const pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { name?: string; version?: string };
  const version = await buildpackVersion(packageDir, pkg.version);
  const manifestText = await readRequired(join(packageDir, 'manifest.yml'));
  const sources = {
    detect: await exists(join(packageDir, 'src/detect.ts')),
    supply: await exists(join(packageDir, 'src/supply.ts')),
    finalize: await exists(join(packageDir, 'src/finalize.ts')),
  };

  const { definition, releaseYaml, releaseFile, coreTexts } = await loadDefinition(packageDir);
  if (definition.detect.kind === 'code' && !sources.detect) {
    throw new Error('src/buildpack.ts declares detect.code() but there is no src/detect.ts');
  }
  if (definition.detect.kind !== 'code' && sources.detect) {
    throw new Error(`src/detect.ts exists but src/buildpack.ts declares detect.${definition.detect.kind === 'never' ? 'never()' : 'when(...)'}; use detect.code() to run it`);
  }

  // A phase without a source file is the core's work around a declaration: sh does it, and Node is never started.
  // compile runs both halves in one process, so it needs Node as soon as one half does.
  const phases: NodePhase[] = [];
  if (sources.supply) phases.push('supply');
  if (sources.finalize) phases.push('finalize');
  if (sources.supply || sources.finalize) phases.push('compile');
  if (definition.detect.kind === 'code') phases.push('detect');
  const declared = (['supply', 'finalize', 'compile'] as const).filter((p) => !phases.includes(p));
  const needsNode = phases.length > 0;
  const lazy = new Map<string, string>();
  const bundles = await Promise.all(
    phases.map(async (phase) => [phase, await bundleEntry({ name: `bpkit-${phase}-entry.js`, resolveDir: packageDir, minify: true, format: 'cjs', contents: phaseEntry(phase, sources), lazy })] as const),
  );
  // Each lazily imported package once, shared by the phases. Chunks have lazy imports of their own (the
  // installer loads node-tar only without a system tar), so this runs until no
  // chunk asks for a new one; sorted, so the build is deterministic.
  const chunks: Array<readonly [string, string]> = [];
  const done = new Set<string>();
  for (;;) {
    const next = [...lazy].filter(([specifier]) => !done.has(specifier)).sort(([a], [b]) => a.localeCompare(b));
    if (next.length === 0) break;
    for (const [specifier] of next) done.add(specifier);
    chunks.push(
      ...(await Promise.all(
        next.map(async ([specifier, resolveDir]) => {
          const contents = `module.exports = require(${JSON.stringify(specifier)});`;
          const code = await bundleEntry({ name: `bpkit-lazy-${specifier}.js`, resolveDir, minify: true, format: 'cjs', contents, lazy, lazyDir: './' });
          return [lazyChunkName(specifier), code] as const;
        }),
      )),
    );
  }
  chunks.sort(([a], [b]) => a.localeCompare(b));

  // Assemble next to the target and swap it in, so a failed build never leaves half a buildpack.
  const staging = `${outDir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, 'bin'), { recursive: true });
  if (needsNode) await mkdir(join(staging, 'lib'), { recursive: true });

  const sizes: Partial<Record<NodePhase, number>> = {};
  for (const [phase, code] of bundles) {
    await writeFile(join(staging, 'lib', `${phase}.cjs`), code);
    sizes[phase] = Buffer.byteLength(code);
  }
  if (chunks.length > 0) await mkdir(join(staging, 'lib', 'lazy'), { recursive: true });
  for (const [file, code] of chunks) await writeFile(join(staging, 'lib', 'lazy', file), code);
  if (needsNode) {
    await writeFile(join(staging, 'lib', 'bootstrap.sh'), await readFile(BOOTSTRAP_SH, 'utf8'));
    await writeNodeRuntime(staging, manifestText);
  }

  const texts = coreTexts(manifestText);
  const scripts: Record<string, string> = {
    detect: compileDetect(definition.detect, version),
    supply: sources.supply ? nodePhaseScript('supply') : declaredSupplyScript(texts, definition.supplies),
    finalize: sources.finalize ? nodePhaseScript('finalize') : declaredFinalizeScript(texts),
    compile: phases.includes('compile') ? nodePhaseScript('compile') : declaredCompileScript(texts, definition.supplies),
    release: releaseScript(releaseFile, releaseYaml(definition.release ?? {})),
  };
  for (const [name, text] of Object.entries(scripts)) {
    const file = join(staging, 'bin', name);
    await writeFile(file, text);
    await chmod(file, 0o755);
  }
  await writeFile(join(staging, 'manifest.yml'), manifestText);
  // CF's packager writes VERSION without a trailing newline.
  await writeFile(join(staging, 'VERSION'), version);

  await rm(outDir, { recursive: true, force: true });
  await mkdir(dirname(outDir), { recursive: true });
  await rename(staging, outDir);

  return { outDir, name: pkg.name ?? packageDir, version, detect: definition.detect.kind, declared, bundles: sizes };
}

/**
 * The generated entry module of one phase program. The run* wrappers own exit codes and error
 * reporting; the catch only guards against a wrapper that rejects instead of exiting.
 */
export function phaseEntry(phase: NodePhase, sources: { detect: boolean; supply: boolean; finalize: boolean }): string {
  const fn = (name: 'supply' | 'finalize'): string =>
    sources[name]
      ? `import ${name} from ${JSON.stringify(`./src/${name}.ts`)};\n`
      : name === 'supply'
        ? // The other half is code, so compile runs on Node: the declaration is supply's result there too.
          `import definition from './src/buildpack.ts';\nconst supply = async () => definition.supplies;\n`
        : `const finalize = async () => {};\n`;
  const guard = `.catch((e) => { process.stdout.write('       \\x1b[31;1m**ERROR**\\x1b[0m ' + (e && e.message || e) + '\\n'); process.exit(1); });\n`;
  switch (phase) {
    case 'detect':
      return `import detect from './src/detect.ts';\nimport { runDetect } from '${CORE}';\nrunDetect(detect)${guard}`;
    case 'supply':
      return `${fn('supply')}import { runSupply } from '${CORE}';\nrunSupply(supply)${guard}`;
    case 'finalize':
      return `${fn('finalize')}import { runFinalize } from '${CORE}';\nrunFinalize(finalize)${guard}`;
    case 'compile':
      return `${fn('supply')}${fn('finalize')}import { runCompile } from '${CORE}';\nrunCompile(supply, finalize)${guard}`;
  }
}

/** package.json's version is the buildpack's version; a VERSION file must agree with it. */
async function buildpackVersion(packageDir: string, packageVersion: string | undefined): Promise<string> {
  let fileVersion: string | undefined;
  try {
    fileVersion = (await readFile(join(packageDir, 'VERSION'), 'utf8')).trim();
  } catch {
    fileVersion = undefined;
  }
  const version = packageVersion ?? fileVersion;
  if (!version) throw new Error('package.json has no version and there is no VERSION file');
  if (fileVersion !== undefined && fileVersion !== version) {
    throw new Error(`VERSION (${fileVersion}) differs from package.json's version (${version}); they must be equal`);
  }
  return version;
}

async function readRequired(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new Error(`missing ${file}`);
  }
}
