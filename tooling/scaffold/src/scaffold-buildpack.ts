import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { bootstrapNode } from './bootstrap-node.ts';
import { type BuildpackNames, validateBuildpackName } from './buildpack-name.ts';
import { manifestYml } from './templates/manifest-yml.ts';
import { packageJson, tsconfigJson, versionFile } from './templates/package-json.ts';
import { buildpackTs, exitCodesTs, finalizeTs, supplyTs } from './templates/phase-sources.ts';
import { readmeMd } from './templates/readme.ts';
import { sampleAppFiles } from './templates/sample-app.ts';
import { unitTestTs } from './templates/unit-test.ts';

export interface ScaffoldOptions {
  /** NAME: `^[a-z][a-z0-9-]*$`, not an existing buildpacks/NAME. */
  name: string;
  /** The bpkit workspace (pnpm-workspace.yaml, buildpacks/). */
  workspaceRoot: string;
}

export interface ScaffoldResult {
  names: BuildpackNames;
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

/**
 * Writes buildpacks/NAME (a workspace package on the core API: declaration, supply, finalize, exit codes,
 * manifest, VERSION, unit tests, README) and e2e/apps/NAME-sample. The package is assembled beside its target
 * and renamed into place, so a failure never leaves half a buildpack for the conformance kit to find.
 */
export async function scaffoldBuildpack(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const { workspaceRoot } = options;
  const n = await validateBuildpackName(options.name, workspaceRoot);
  const node = await bootstrapNode(workspaceRoot);
  const dir = join(workspaceRoot, 'buildpacks', n.name);
  const files: Record<string, string> = {
    'package.json': packageJson(n),
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
