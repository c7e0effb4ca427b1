import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { bootstrapNode } from './bootstrap-node.ts';
import { BUILDPACK_KINDS, type BuildpackKind, DEFAULT_BUILDPACK_KIND, isBuildpackKind } from './buildpack-kind.ts';
import { type BuildpackNames, validateBuildpackName } from './buildpack-name.ts';
import { ScaffoldError } from './scaffold-error.ts';
import { declarativeBuildpackTs } from './templates/declarative-sources.ts';
import { declarativeUnitTestTs } from './templates/declarative-unit-test.ts';
import { declarativeManifestYml, manifestYml } from './templates/manifest-yml.ts';
import { packageJson, tsconfigJson, versionFile } from './templates/package-json.ts';
import { buildpackTs, exitCodesTs, finalizeTs, supplyTs } from './templates/phase-sources.ts';
import { declarativeReadmeMd, readmeMd } from './templates/readme.ts';
import { sampleAppFiles } from './templates/sample-app.ts';
import { unitTestTs } from './templates/unit-test.ts';

export interface ScaffoldOptions {
  /** NAME: `^[a-z][a-z0-9-]*$`, not an existing buildpacks/NAME. */
  name: string;
  /** The bpkit workspace (pnpm-workspace.yaml, buildpacks/). */
  workspaceRoot: string;
  /** `code` (default): supply.ts and finalize.ts on Node; `declarative`: src/buildpack.ts alone, every phase sh. */
  kind?: BuildpackKind;
}

export interface ScaffoldResult {
  names: BuildpackNames;
  kind: BuildpackKind;
  /** `<workspaceRoot>/buildpacks/NAME` */
  dir: string;
  /** Every file written, relative to the workspace root, sorted. */
  files: string[];
  /** Commands to run next, from the workspace root. */
  nextSteps: string[];
}

async function writeAll(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

/** The package's files of the code kind: declaration, supply, finalize, exit codes, a manifest with the bootstrap's node. */
async function codeFiles(n: BuildpackNames, workspaceRoot: string): Promise<Record<string, string>> {
  const node = await bootstrapNode(workspaceRoot);
  return {
    'package.json': packageJson(n, 'code'),
    'tsconfig.json': tsconfigJson(),
    VERSION: versionFile(),
    'manifest.yml': manifestYml(n, node),
    'README.md': readmeMd(n),
    'src/buildpack.ts': buildpackTs(n),
    'src/exit-codes.ts': exitCodesTs(n),
    'src/supply.ts': supplyTs(n),
    'src/finalize.ts': finalizeTs(),
    [`src/${n.name}-buildpack.test.ts`]: unitTestTs(n),
  };
}

/** The package's files of the declarative kind: src/buildpack.ts is the buildpack; nothing in it can fail, so no exit codes. */
function declarativeFiles(n: BuildpackNames): Record<string, string> {
  return {
    'package.json': packageJson(n, 'declarative'),
    'tsconfig.json': tsconfigJson(),
    VERSION: versionFile(),
    'manifest.yml': declarativeManifestYml(n),
    'README.md': declarativeReadmeMd(n),
    'src/buildpack.ts': declarativeBuildpackTs(n),
    [`src/${n.name}-buildpack.test.ts`]: declarativeUnitTestTs(n),
  };
}

/**
 * Writes buildpacks/NAME (a workspace package on the core API: manifest, VERSION, unit tests, README, and the
 * declaration with supply, finalize and exit codes, or the declaration alone for the declarative kind) and
 * e2e/apps/NAME-sample. The package is assembled beside its target and renamed into place, so a failure never
 * leaves half a buildpack for the conformance kit to find.
 */
export async function scaffoldBuildpack(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const { workspaceRoot } = options;
  const kind = options.kind ?? DEFAULT_BUILDPACK_KIND;
  // Checked here too: callers other than the CLI pass strings from config files and flags.
  if (!isBuildpackKind(kind)) throw new ScaffoldError(`Unknown buildpack kind '${String(kind)}': use ${BUILDPACK_KINDS.join(' or ')}`);
  const n = await validateBuildpackName(options.name, workspaceRoot);
  const dir = join(workspaceRoot, 'buildpacks', n.name);
  const files = kind === 'code' ? await codeFiles(n, workspaceRoot) : declarativeFiles(n);
  const sample = sampleAppFiles(n);

  const staging = join(workspaceRoot, 'buildpacks', `.${n.name}.tmp-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  try {
    await writeAll(staging, files);
    await writeAll(join(workspaceRoot, n.sampleApp), sample);
    await rename(staging, dir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }

  return {
    names: n,
    kind,
    dir,
    files: [...Object.keys(files).map((f) => `buildpacks/${n.name}/${f}`), ...Object.keys(sample).map((f) => `${n.sampleApp}/${f}`)].sort(),
    nextSteps: [
      'pnpm install',
      `pnpm --filter ${n.packageName} build`,
      `pnpm --filter ${n.packageName} test`,
      'pnpm test                      # every package, and the conformance kit over every buildpack',
      `bpkit package ${n.name} --cached`,
      `bpkit create-buildpack ${n.registeredName} buildpacks/${n.name}/${n.name}_buildpack-cached-v0.1.0.zip 1`,
      `bpkit push ${n.sampleApp}`,
    ],
  };
}
