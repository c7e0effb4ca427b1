import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifest } from '@bpkit/manifest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ScaffoldError, bootstrapNode, findWorkspaceRoot, scaffoldBuildpack, validateBuildpackName } from './index.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
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

describe('findWorkspaceRoot', () => {
  it('walks up to the directory with pnpm-workspace.yaml and buildpacks/', async () => {
    const nested = join(root, 'buildpacks', 'binary', 'src');
    await mkdir(nested, { recursive: true });
    expect(findWorkspaceRoot(nested)).toBe(root);
    expect(findWorkspaceRoot(REPO)).toBe(REPO);
    expect(findWorkspaceRoot(tmpdir())).toBeUndefined();
  });
});
