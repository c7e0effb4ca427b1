import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packageBuildpack } from './package-buildpack.ts';
import { locateBuildpack } from './locate-buildpack.ts';
import { type FileServer, captureLogger, md5, readZip, serveFiles, sha256, tempDir, writeTree } from './test-support.ts';

/** A Node tarball laid out as CF's: bin/node, bin/npm → ../lib/node_modules/npm/bin/npm-cli.js. */
async function nodeTarball(): Promise<Buffer> {
  const dir = await tempDir();
  await writeTree(join(dir, 'tree'), {
    'bin/node': '#!/bin/sh\necho pretend node for cflinuxfs4\n',
    'lib/node_modules/npm/bin/npm-cli.js': { data: '// npm\n', mode: 0o755 },
  });
  await symlink('../lib/node_modules/npm/bin/npm-cli.js', join(dir, 'tree', 'bin', 'npm'));
  execFileSync('tar', ['-czf', join(dir, 'node.tgz'), '-C', join(dir, 'tree'), '.']);
  return readFile(join(dir, 'node.tgz'));
}

const NODE_FS4 = await nodeTarball();
const NODE_FS5 = Buffer.from('pretend node for cflinuxfs5');
const TOOL = Buffer.from('a tool');

function manifest(server: string, toolUri: string, extra = ''): string {
  return `language: fixture
default_versions:
- name: node
  version: 20.x
dependencies:
- name: node
  version: 20.1.0
  uri: ${server}/node-fs4.tgz
  sha256: ${sha256(NODE_FS4)}
  cf_stacks: [cflinuxfs4]
- name: node
  version: 20.2.0
  uri: ${server}/node-fs5.tgz
  sha256: ${sha256(NODE_FS5)}
  cf_stacks: [cflinuxfs5]
- name: tool
  version: '1.10'
  uri: ${toolUri}
  sha256: ${sha256(TOOL)}
  cf_stacks: [cflinuxfs4, cflinuxfs5]
${extra}`;
}

describe('packageBuildpack', () => {
  let server: FileServer;
  let bp: string;
  let toolUri: string;

  beforeEach(async () => {
    server = await serveFiles({ '/node-fs4.tgz': NODE_FS4, '/node-fs5.tgz': NODE_FS5 });
    const src = await tempDir();
    await writeFile(join(src, 'tool.tgz'), TOOL);
    toolUri = pathToFileURL(join(src, 'tool.tgz')).href;
    bp = await tempDir();
    await writeTree(bp, {
      'bin/detect': '#!/bin/sh\nexit 1\n',
      'bin/supply': '#!/bin/sh\n. "$bp_dir/lib/bootstrap.sh"\n',
      'lib/bootstrap.sh': '# bootstrap\n',
      'lib/node-runtime': '# stale\n',
      'README.md': 'readme\n',
      VERSION: '1.2.3\n',
      'manifest.yml': manifest(server.url, toolUri),
      'tests/big.txt': 'not shipped',
    });
  });
  afterEach(async () => server.close());

  it('writes an uncached any-stack zip: VERSION, modes kept, manifest with every stack, no dependencies/', async () => {
    const out = await tempDir();
    const result = await packageBuildpack({ buildpack: bp, outDir: out, log: captureLogger().log });
    expect(result.path).toBe(join(out, 'fixture_buildpack-v1.2.3.zip'));
    expect(result.size).toBe((await stat(result.path)).size);
    const zip = await readZip(result.path);
    expect([...zip.keys()]).toEqual(['README.md', 'VERSION', 'bin/', 'bin/detect', 'bin/supply', 'lib/', 'lib/bootstrap.sh', 'lib/node-runtime', 'manifest.yml']);
    expect(zip.get('bin/supply')?.mode).toBe(0o100755);
    expect(zip.get('README.md')?.mode).toBe(0o100644);
    expect(zip.get('VERSION')?.data.toString()).toBe('1.2.3');
    const m = zip.get('manifest.yml')?.data.toString() ?? '';
    expect(m).not.toMatch(/^stack:/m);
    expect(m).not.toMatch(/^ +file:/m);
    expect(m).toContain('- cflinuxfs5');
    const runtime = zip.get('lib/node-runtime')?.data.toString() ?? '';
    expect(runtime).toContain("'cflinuxfs4') node_version='20.1.0'");
    expect(runtime).toContain("'cflinuxfs5') node_version='20.2.0'");
    expect(runtime).toContain("node_file=''");
    expect(server.requests).toEqual([]);
  });

  it('writes a cached stack zip that vendors that stack\'s dependencies at dependencies/<md5(uri)>/<basename>, the bootstrap\'s Node unpacked', async () => {
    const out = await tempDir();
    const cacheDir = await tempDir();
    const result = await packageBuildpack({ buildpack: bp, outDir: out, cached: true, stack: 'cflinuxfs4', cacheDir, log: captureLogger().log });
    expect(result.fileName).toBe('fixture_buildpack-cached-cflinuxfs4-v1.2.3.zip');
    const zip = await readZip(result.path);
    const nodeFile = `dependencies/${md5(`${server.url}/node-fs4.tgz`)}/node-fs4.tgz`;
    const toolFile = `dependencies/${md5(toolUri)}/tool.tgz`;
    expect(zip.get(toolFile)?.data).toEqual(TOOL);
    expect(zip.get(toolFile)?.method).toBe(0);
    // The bootstrap's Node is unpacked, so no staging unpacks it; bin/node stored for the fastest extraction.
    expect(zip.has(nodeFile)).toBe(false);
    expect([...zip.keys()].filter((k) => k.startsWith('dependencies/') && !k.endsWith('/'))).toEqual([toolFile]);
    expect(zip.get('vendor/node/bin/node')).toMatchObject({ mode: 0o100755, method: 0 });
    expect(zip.get('vendor/node/bin/node')?.data.toString()).toContain('pretend node for cflinuxfs4');
    // Only what the bootstrap runs: npm's thousands of files would cost every staging more than the binary.
    expect([...zip.keys()].filter((k) => k.startsWith('vendor/') && !k.endsWith('/'))).toEqual(['vendor/node/bin/node']);
    const m = zip.get('manifest.yml')?.data.toString() ?? '';
    expect(m).toMatch(/^stack: cflinuxfs4$/m);
    expect(m).not.toContain('cf_stacks');
    expect(m).not.toContain('node-fs5');
    expect(m).not.toContain(`file: ${nodeFile}`);
    expect(m).toContain(`file: ${toolFile}`);
    expect(m).toContain("version: '1.10'");
    expect(zip.get('lib/node-runtime')?.data.toString()).toContain("node_file=''");
    expect(await readFile(join(cacheDir, nodeFile))).toEqual(NODE_FS4);
    expect(server.requests).toEqual(['/node-fs4.tgz']);
  });


  it('vendors the whole runtime, described in vendor/node.json, for a buildpack that installs that Node for apps', async () => {
    const pkg = await tempDir();
    await cp(bp, join(pkg, 'build'), { recursive: true });
    await writeTree(pkg, { 'package.json': JSON.stringify({ name: 'fixture', bpkit: { vendorNode: 'runtime' } }) });
    const result = await packageBuildpack({ buildpack: pkg, outDir: await tempDir(), cached: true, stack: 'cflinuxfs4', cacheDir: await tempDir(), log: captureLogger().log });
    const zip = await readZip(result.path);
    expect(zip.get('vendor/node/bin/node')).toMatchObject({ mode: 0o100755, method: 0 });
    expect(zip.get('vendor/node/bin/npm')).toMatchObject({ mode: 0o120777 });
    expect(zip.get('vendor/node/bin/npm')?.data.toString()).toBe('../lib/node_modules/npm/bin/npm-cli.js');
    expect(zip.get('vendor/node/lib/node_modules/npm/bin/npm-cli.js')?.mode).toBe(0o100755);
    expect(JSON.parse(zip.get('vendor/node.json')?.data.toString() ?? '')).toEqual({ name: 'node', version: '20.1.0', sha256: sha256(NODE_FS4) });
  });
  it('reuses the download cache between runs, bypasses it with forceDownload, and gives byte-identical zips', async () => {
    const cacheDir = await tempDir();
    const { log } = captureLogger();
    const a = await packageBuildpack({ buildpack: bp, outDir: await tempDir(), cached: true, cacheDir, log });
    expect(server.requests).toEqual(['/node-fs4.tgz', '/node-fs5.tgz']);
    const b = await packageBuildpack({ buildpack: bp, outDir: await tempDir(), cached: true, cacheDir, log });
    expect(server.requests).toHaveLength(2);
    const c = await packageBuildpack({ buildpack: bp, outDir: await tempDir(), cached: true, cacheDir, log, forceDownload: true });
    expect(server.requests).toHaveLength(4);
    expect(Buffer.compare(await readFile(a.path), await readFile(b.path))).toBe(0);
    expect(Buffer.compare(await readFile(a.path), await readFile(c.path))).toBe(0);
    expect(b.sha256).toBe(sha256(await readFile(b.path)));
  });

  it('validates before writing anything: CF\'s stack messages, the manifest model, a bad sha256', async () => {
    const out = join(await tempDir(), 'out');
    const cacheDir = await tempDir();
    const log = captureLogger().log;
    await expect(packageBuildpack({ buildpack: bp, outDir: out, stack: 'cflinuxfs9', log })).rejects.toThrow('Stack `cflinuxfs9` not found in manifest');
    await writeFile(join(bp, 'manifest.yml'), manifest(server.url, toolUri, 'stack: cflinuxfs4\n'));
    await expect(packageBuildpack({ buildpack: bp, outDir: out, log })).rejects.toThrow('Cannot package from already packaged buildpack manifest');
    await writeFile(join(bp, 'manifest.yml'), manifest(server.url, toolUri).replace('version: 20.x', 'version: 21.x'));
    await expect(packageBuildpack({ buildpack: bp, outDir: out, log })).rejects.toThrow(/default_versions\[0\] \(node 21\.x\)/);
    await writeFile(join(bp, 'manifest.yml'), manifest(server.url, toolUri).replace(sha256(NODE_FS4), 'e'.repeat(64)));
    await expect(packageBuildpack({ buildpack: bp, outDir: out, cached: true, cacheDir, log })).rejects.toThrow(
      `dependency sha256 mismatch: expected sha256 ${'e'.repeat(64)}, actual sha256 ${sha256(NODE_FS4)}`,
    );
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a stack whose dependencies miss a default, with CF\'s message', async () => {
    await writeFile(join(bp, 'manifest.yml'), manifest(server.url, toolUri).replace('version: 20.2.0', 'version: 22.0.0'));
    await expect(packageBuildpack({ buildpack: bp, outDir: await tempDir(), stack: 'cflinuxfs5' })).rejects.toThrow(
      'No matching default dependency `node` for stack `cflinuxfs5`',
    );
  });

  it('packages --version and --use-custom-manifest, and honours include_files', async () => {
    const custom = join(await tempDir(), 'custom.yml');
    await writeFile(custom, manifest(server.url, toolUri, 'include_files:\n- bin/supply\n- lib/bootstrap.sh\n- lib/node-runtime\n').replace('language: fixture', 'language: custom'));
    const result = await packageBuildpack({ buildpack: bp, outDir: await tempDir(), version: '9.9.9', manifestFile: custom, log: captureLogger().log });
    expect(result.fileName).toBe('custom_buildpack-v9.9.9.zip');
    const zip = await readZip(result.path);
    expect([...zip.keys()]).toEqual(['VERSION', 'bin/', 'bin/supply', 'lib/', 'lib/bootstrap.sh', 'lib/node-runtime', 'manifest.yml']);
    expect(zip.get('VERSION')?.data.toString()).toBe('9.9.9');
  });

  it('runs pre_package in a copy of the buildpack', async () => {
    await writeFile(join(bp, 'manifest.yml'), manifest(server.url, toolUri, "pre_package: echo 'hi mom' > hi.txt\n"));
    const result = await packageBuildpack({ buildpack: bp, outDir: await tempDir(), log: captureLogger().log });
    expect((await readZip(result.path)).get('hi.txt')?.data.toString()).toBe('hi mom\n');
    expect(await readdir(bp)).not.toContain('hi.txt');
    await writeFile(join(bp, 'manifest.yml'), manifest(server.url, toolUri, 'pre_package: exit 3\n'));
    await expect(packageBuildpack({ buildpack: bp, outDir: await tempDir(), log: captureLogger().log })).rejects.toThrow('pre_package exit 3 failed: exit status 3');
  });
});

describe('locateBuildpack', () => {
  it('finds workspace buildpacks by name, packages their build/, and refuses unbuilt or stale ones', async () => {
    const ws = await tempDir();
    const pkg = join(ws, 'demo');
    await writeTree(pkg, {
      'package.json': '{}',
      'manifest.yml': 'language: demo\ndependencies: []\n',
      VERSION: '1.0.0\n',
    });
    await expect(locateBuildpack('demo', ws)).rejects.toThrow(`Buildpack demo is not built (${join(pkg, 'build', 'bin')} is missing): run \`pnpm build\` first`);
    await writeTree(join(pkg, 'build'), { 'bin/detect': '#!/bin/sh\n', 'manifest.yml': 'language: demo\ndependencies: []\n', VERSION: '1.0.0' });
    for (const spec of ['demo', 'demo_buildpack', 'demo-buildpack', pkg]) {
      expect(await locateBuildpack(spec, ws)).toEqual({ name: 'demo', packageDir: pkg, buildDir: join(pkg, 'build') });
    }
    await expect(locateBuildpack('nope', ws)).rejects.toThrow('Buildpack nope not found');
    const ok = await packageBuildpack({ buildpack: 'demo', workspaceDir: ws, log: captureLogger().log });
    expect(ok.path).toBe(join(pkg, 'demo_buildpack-v1.0.0.zip'));
    await writeFile(join(pkg, 'VERSION'), '1.0.1\n');
    await expect(packageBuildpack({ buildpack: 'demo', workspaceDir: ws })).rejects.toThrow(
      `${join(pkg, 'build', 'VERSION')} is out of date with ${join(pkg, 'VERSION')}: run \`pnpm build\` first`,
    );
    await mkdir(join(ws, 'empty'));
    await expect(locateBuildpack(join(ws, 'empty'))).rejects.toThrow('is not a buildpack');
  });
});
