import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifest } from '@bpkit/manifest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ScaffoldError, bootstrapNode, findWorkspaceRoot, scaffoldBuildpack, validateBuildpackName } from './index.ts';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPO = join(PACKAGE_DIR, '..', '..');
const BINARY_MANIFEST = join(REPO, 'buildpacks', 'binary', 'manifest.yml');
// The workspace's manifest with the bootstrap's node entry, as the scaffold finds it: buildpacks/<name>/manifest.yml.
const NODE_SOURCE = (await bootstrapNode(REPO)).from;
const NODE_SOURCE_DIR = basename(dirname(NODE_SOURCE));
/** What buildpacks/ holds before the scaffold runs. */
const BUILDPACKS = [...new Set(['binary', NODE_SOURCE_DIR])].sort();
const roots: string[] = [];
let root: string;

/** A minimal workspace: pnpm-workspace.yaml, buildpacks/binary (no node), the buildpack with the bootstrap's node entry. */
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bpkit-scaffold-'));
  roots.push(root);
  await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - buildpacks/*\n');
  await mkdir(join(root, 'buildpacks', 'binary'), { recursive: true });
  await copyFile(BINARY_MANIFEST, join(root, 'buildpacks', 'binary', 'manifest.yml'));
  await mkdir(dirname(join(root, NODE_SOURCE)), { recursive: true });
  await copyFile(join(REPO, NODE_SOURCE), join(root, NODE_SOURCE));
});
afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

describe('scaffoldBuildpack', () => {
  it('writes the package, its sources and tests, and a sample app', async () => {
    const result = await scaffoldBuildpack({ name: 'my-tool', workspaceRoot: root });
    expect(result.kind).toBe('code');
    expect(result.dir).toBe(join(root, 'buildpacks', 'my-tool'));
    expect(result.files).toEqual([
      'buildpacks/my-tool/README.md',
      'buildpacks/my-tool/VERSION',
      'buildpacks/my-tool/manifest.yml',
      'buildpacks/my-tool/package.json',
      'buildpacks/my-tool/src/buildpack.ts',
      'buildpacks/my-tool/src/exit-codes.ts',
      'buildpacks/my-tool/src/finalize.ts',
      'buildpacks/my-tool/src/my-tool-buildpack.test.ts',
      'buildpacks/my-tool/src/supply.ts',
      'buildpacks/my-tool/tsconfig.json',
      'e2e/apps/my-tool-sample/index.html',
      'e2e/apps/my-tool-sample/my-tool.txt',
    ]);
    for (const file of result.files) await readFile(join(root, file));
    expect((await readdir(join(root, 'buildpacks'))).sort()).toEqual([...BUILDPACKS, 'my-tool'].sort());

    const pkg = JSON.parse(await readFile(join(result.dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const binaryPkg = JSON.parse(await readFile(join(REPO, 'buildpacks', 'binary', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: '@bpkit/my-tool-buildpack', version: '0.1.0', private: true, type: 'module' });
    expect(pkg.scripts).toEqual(binaryPkg.scripts);
    expect(pkg.dependencies).toEqual({ '@bpkit/buildpack': 'workspace:*', '@bpkit/fs': 'workspace:*' });
    // Its supply installs the manifest's Node for the app, so its cached zip vendors that Node whole.
    expect(pkg['bpkit']).toEqual({ vendorNode: 'runtime' });
    expect(await readFile(join(result.dir, 'VERSION'), 'utf8')).toBe('0.1.0\n');

    const source = await readFile(join(result.dir, 'src', 'buildpack.ts'), 'utf8');
    expect(source).toContain("detect: detect.when(detect.file('my-tool.txt'), 'my-tool')");
    expect(source).toContain(`release: { web: 'python3 -m http.server "$PORT"' }`);
    const supply = await readFile(join(result.dir, 'src', 'supply.ts'), 'utf8');
    expect(supply).toContain('export default buildpack.supply(async (ctx) => {');
    expect(supply).toContain("ctx.env['MY_TOOL_NODE_VERSION']");
    expect(supply).toContain('env: { MY_TOOL_MESSAGE: message }');
    expect(await readFile(join(result.dir, 'src', 'finalize.ts'), 'utf8')).toContain('ctx.supplied.nodeVersion');
    expect(result.nextSteps).toContain('bpkit package my-tool --cached');
  });

  it("copies the bootstrap's node entry and default from the workspace's buildpacks", async () => {
    await scaffoldBuildpack({ name: 'hello', workspaceRoot: root });
    const text = await readFile(join(root, 'buildpacks', 'hello', 'manifest.yml'), 'utf8');
    const manifest = parseManifest(text);
    const source = parseManifest(await readFile(join(REPO, NODE_SOURCE), 'utf8'));
    expect(manifest.language).toBe('hello');
    expect(manifest.default_versions).toEqual(source.default_versions.filter((d) => d.name === 'node'));
    expect(manifest.dependencies).toEqual(source.dependencies.filter((d) => d.name === 'node'));
    expect(manifest.include_files).toEqual(['README.md', 'VERSION', 'bin', 'lib', 'manifest.yml']);
    expect(text).toContain(`# Copied from ${NODE_SOURCE} by \`bpkit new\`.`);
    // Written as the buildpacks write it: versions unquoted.
    const node = source.dependencies.find((d) => d.name === 'node')!;
    expect(text).toContain(`  version: ${node.version}\n`);
  });

  it('refuses bad names and existing buildpacks or sample apps, leaving nothing behind', async () => {
    for (const bad of ['', 'Hello', '1go', 'my_tool', 'go.lang', '-x', 'x-', 'hello-buildpack', 'a b', '../evil']) {
      await expect(scaffoldBuildpack({ name: bad, workspaceRoot: root })).rejects.toThrow(ScaffoldError);
    }
    await expect(validateBuildpackName('Hello', root)).rejects.toThrow(
      "Invalid buildpack name 'Hello': use lower-case letters, digits and '-', starting with a letter (^[a-z][a-z0-9-]*$)",
    );
    await expect(scaffoldBuildpack({ name: 'binary', workspaceRoot: root })).rejects.toThrow('Buildpack binary already exists: buildpacks/binary');
    await mkdir(join(root, 'e2e', 'apps', 'taken-sample'), { recursive: true });
    await expect(scaffoldBuildpack({ name: 'taken', workspaceRoot: root })).rejects.toThrow('e2e/apps/taken-sample already exists');
    expect((await readdir(join(root, 'buildpacks'))).sort()).toEqual(BUILDPACKS);
  });

  it('needs a buildpack whose manifest has the node entry', async () => {
    await rm(join(root, 'buildpacks', NODE_SOURCE_DIR), { recursive: true });
    await expect(scaffoldBuildpack({ name: 'hello', workspaceRoot: root })).rejects.toThrow(/a new buildpack copies the bootstrap's node entry/);
    expect((await readdir(join(root, 'buildpacks'))).sort()).toEqual(BUILDPACKS.filter((b) => b !== NODE_SOURCE_DIR));
  });
});

describe('scaffoldBuildpack, declarative kind', () => {
  it('writes src/buildpack.ts alone (no supply, finalize or exit codes), a manifest with nothing to download, tests and a sample app', async () => {
    const result = await scaffoldBuildpack({ name: 'my-tool', workspaceRoot: root, kind: 'declarative' });
    expect(result.kind).toBe('declarative');
    expect(result.files).toEqual([
      'buildpacks/my-tool/README.md',
      'buildpacks/my-tool/VERSION',
      'buildpacks/my-tool/manifest.yml',
      'buildpacks/my-tool/package.json',
      'buildpacks/my-tool/src/buildpack.ts',
      'buildpacks/my-tool/src/my-tool-buildpack.test.ts',
      'buildpacks/my-tool/tsconfig.json',
      'e2e/apps/my-tool-sample/index.html',
      'e2e/apps/my-tool-sample/my-tool.txt',
    ]);
    for (const file of result.files) await readFile(join(root, file));
    expect(result.nextSteps).toContain('pnpm --filter @bpkit/my-tool-buildpack test');

    // As buildpacks/binary, the other buildpack with no phase code: the core and the bundler, nothing else.
    const pkg = JSON.parse(await readFile(join(result.dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const binaryPkg = JSON.parse(await readFile(join(REPO, 'buildpacks', 'binary', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: '@bpkit/my-tool-buildpack', version: '0.1.0', private: true, type: 'module' });
    expect(pkg.scripts).toEqual(binaryPkg.scripts);
    expect(pkg.dependencies).toEqual(binaryPkg.dependencies);
    expect(pkg.devDependencies).toEqual(binaryPkg.devDependencies);

    const manifest = parseManifest(await readFile(join(result.dir, 'manifest.yml'), 'utf8'));
    expect(manifest.language).toBe('my-tool');
    expect(manifest.dependencies).toEqual([]);
    expect(manifest.default_versions).toEqual([]);
    expect(manifest.include_files).toEqual(['README.md', 'VERSION', 'bin', 'manifest.yml']);

    const source = await readFile(join(result.dir, 'src', 'buildpack.ts'), 'utf8');
    expect(source).toContain("detect: detect.when(detect.file('my-tool.txt'), 'my-tool')");
    expect(source).toContain('env: { MY_TOOL_MESSAGE: MESSAGE }');
    expect(source).toContain("launchEnv: { MY_TOOL_MESSAGE: MESSAGE, MY_TOOL_APP_DIR: '$HOME' }");
    expect(source).toContain(`'my-tool.sh': 'if [ -f "$HOME/my-tool.txt" ]; then export MY_TOOL_TEXT="$(head -n 1 "$HOME/my-tool.txt")"; fi\\n'`);
    expect(source).toContain(`release: { web: 'python3 -m http.server "$PORT"' }`);
    expect(await readFile(join(result.dir, 'README.md'), 'utf8')).toContain('## Declarative or code');
  });

  it("needs no buildpack with the bootstrap's node entry", async () => {
    await rm(join(root, 'buildpacks', NODE_SOURCE_DIR), { recursive: true });
    await scaffoldBuildpack({ name: 'hello', workspaceRoot: root, kind: 'declarative' });
    expect(await readFile(join(root, 'buildpacks', 'hello', 'manifest.yml'), 'utf8')).toMatch(/^dependencies: \[\]$/m);
  });

  it('refuses an unknown kind, leaving nothing behind', async () => {
    await expect(scaffoldBuildpack({ name: 'hello', workspaceRoot: root, kind: 'sh' as 'code' })).rejects.toThrow(
      "Unknown buildpack kind 'sh': use code or declarative",
    );
    expect((await readdir(join(root, 'buildpacks'))).sort()).toEqual(BUILDPACKS);
  });

  // The generated test bundles the buildpack and runs bin/* with no node on PATH and BPKIT_NODE unset: it passing
  // in the scaffolded package is what `pnpm --filter @bpkit/NAME-buildpack test` would report, without pnpm install.
  it("bundles to sh with no Node and passes its own unit test", { timeout: 120_000 }, async () => {
    const result = await scaffoldBuildpack({ name: 'my-tool', workspaceRoot: root, kind: 'declarative' });
    // What pnpm install links: the workspace's core, bundler and vitest (this package's own), and the base tsconfig.
    await mkdir(join(root, 'node_modules', '@bpkit'), { recursive: true });
    for (const dep of ['buildpack', 'bundle']) {
      await symlink(await realpath(join(PACKAGE_DIR, 'node_modules', '@bpkit', dep)), join(root, 'node_modules', '@bpkit', dep));
    }
    // Wherever pnpm put it (this package's node_modules, or the workspace root's): Node's own resolution finds it.
    const vitest = dirname(await realpath(createRequire(import.meta.url).resolve('vitest/package.json')));
    await symlink(vitest, join(root, 'node_modules', 'vitest'));
    await copyFile(join(REPO, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));

    // A vitest of its own, as pnpm test runs it; this run's VITEST* variables would make it a worker of this one.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
    const outcome = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [join(vitest, 'vitest.mjs'), 'run', '--reporter=json'], { cwd: result.dir, env, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    const report = /^\{[\s\S]*\}\s*$/m.exec(outcome.stdout)?.[0];
    expect(report, `${outcome.stdout}\n${outcome.stderr}`).toBeDefined();
    const { numPassedTests, numFailedTests, testResults } = JSON.parse(report!) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: Array<{ assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }>;
    };
    const failures = testResults.flatMap((f) => f.assertionResults.filter((a) => a.status !== 'passed').map((a) => `${a.title}: ${a.failureMessages.join('\n')}`));
    expect(failures).toEqual([]);
    expect({ code: outcome.code, numPassedTests, numFailedTests }).toEqual({ code: 0, numPassedTests: 4, numFailedTests: 0 });
  });
});

describe('findWorkspaceRoot', () => {
  it('walks up to the directory with pnpm-workspace.yaml and buildpacks/', async () => {
    const nested = join(root, 'buildpacks', 'binary', 'src');
    await mkdir(nested, { recursive: true });
    expect(findWorkspaceRoot(nested)).toBe(root);
    expect(findWorkspaceRoot(REPO)).toBe(REPO);
    expect(findWorkspaceRoot(tmpdir())).toBeUndefined();
  });
});
