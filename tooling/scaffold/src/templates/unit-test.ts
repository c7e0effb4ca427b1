import { STAGING_HELPER } from './staging-helper.ts';
import type { BuildpackNames } from '../buildpack-name.ts';

/** src/<NAME>-buildpack.test.ts: the built buildpack's scripts, run as the stager runs them. */
export function unitTestTs(n: BuildpackNames): string {
  const v = n.messageVariable;
  const nv = n.nodeVersionVariable;
  return `import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBuildpack, makeStackPath, runBin } from '@bpkit/bundle';
import { type DependencyServer, buildTestManifest, packTarball, startDependencyServer } from '@bpkit/dep-server';
import { EXIT } from './exit-codes.ts';

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
// manifest.yml's node, as stand-ins served from 127.0.0.1: tests never reach the internet.
const NODE_VERSIONS = ['20.1.0', '22.2.0'];
let version: string;
let root: string;
let bp: string;
let stackPath: string;
let server: DependencyServer | undefined;

beforeAll(async () => {
  version = (await readFile(join(PACKAGE_DIR, 'VERSION'), 'utf8')).trim();
  root = await mkdtemp(join(tmpdir(), 'bpkit-${n.name}-'));
  bp = join(root, '${n.registeredName}');
  await bundleBuildpack({ packageDir: PACKAGE_DIR, outDir: bp });
  stackPath = await makeStackPath(join(root, 'stack-bin'));
  const served = join(root, 'served');
  for (const v of NODE_VERSIONS) {
    // A bin/node that prints its version, at the tarball's root as in CF's node tarballs.
    const tree = join(root, \`node-\${v}\`);
    await mkdir(join(tree, 'bin'), { recursive: true });
    await writeFile(join(tree, 'bin', 'node'), \`#!/bin/sh\\necho v\${v}\\n\`, { mode: 0o755 });
    await mkdir(served, { recursive: true });
    await packTarball(tree, join(served, \`node-\${v}.tgz\`));
  }
  server = await startDependencyServer({ root: served });
  const manifest = await buildTestManifest({
    language: '${n.name}',
    root: served,
    baseUrl: server.url,
    dependencies: NODE_VERSIONS.map((v) => ({ name: 'node', version: v, file: \`node-\${v}.tgz\` })),
    defaultVersions: [{ name: 'node', version: '22.x' }],
  });
  await writeFile(join(bp, 'manifest.yml'), manifest);
});
afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

/** Runs a buildpack script as the stager does: stack PATH (no node), CF_STACK, the bootstrap told which Node to use. */
async function script(name: string, args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await runBin(bp, name, args, { PATH: stackPath, CF_STACK: 'cflinuxfs4', BPKIT_NODE: process.execPath, ...env });
  return { code, stdout, stderr };
}

${STAGING_HELPER}
describe('${n.name} buildpack', () => {
  it('detects apps with a ${n.marker}, printing ${n.name}, without starting Node', async () => {
    const { base } = await staging({ '${n.marker}': 'hi\\n' });
    expect(await script('detect', [join(base, 'app')], { BPKIT_NODE: '/nonexistent' })).toEqual({ code: 0, stdout: '${n.name}\\n', stderr: '' });
    const empty = await staging();
    expect(await script('detect', [join(empty.base, 'app')], { BPKIT_NODE: '/nonexistent' })).toEqual({ code: 1, stdout: '', stderr: '' });
  });

  it('supply installs node, exports ${v} for staging and launch and records both in config.yml', async () => {
    const { base, args } = await staging({ '${n.marker}': "It's working\\nsecond line ignored\\n" });
    const supply = await script('supply', args);
    expect(supply.code).toBe(0);
    expect(supply.stdout).toMatch(new RegExp(\`^-----> .+ Buildpack version \${version.replace(/\\./g, '\\\\.')}\\n\`));
    expect(supply.stdout).toContain('-----> Installing node 22.2.0\\n       Chosen by the manifest default: 22.x\\n');
    expect((await run(join(base, 'deps/0/bin/node'), [])).stdout).toBe('v22.2.0\\n');
    expect(await readFile(join(base, 'deps/0/env/${v}'), 'utf8')).toBe("It's working");
    expect((await stat(join(base, 'deps/0/profile.d/${n.name}.sh'))).mode & 0o777).toBe(0o755);
    const config = await readFile(join(base, 'deps/0/config.yml'), 'utf8');
    expect(config).toContain('name: ${n.name}\\n');
    expect(config).toContain(\`version: \${version}\\n\`);
    expect(config).toContain('nodeVersion: 22.2.0\\n');
  });

  it('supply installs the node $${nv} asks for, and fails with its own exit code when none matches', async () => {
    const asked = await staging({ '${n.marker}': 'hi\\n' });
    const supply = await script('supply', asked.args, { ${nv}: '20.x' });
    expect(supply.code).toBe(0);
    expect(supply.stdout).toContain('-----> Installing node 20.1.0\\n       Chosen by $${nv}: 20.x\\n');
    expect((await run(join(asked.base, 'deps/0/bin/node'), [])).stdout).toBe('v20.1.0\\n');

    const none = await staging({ '${n.marker}': 'hi\\n' });
    const failed = await script('supply', none.args, { ${nv}: '18.x' });
    expect(failed.code).toBe(EXIT.supply);
    expect(failed.stdout).toContain('Unable to install node: no match found for 18.x in [20.1.0 22.2.0]\\n');
    expect(failed.stdout).toContain('Versions of node for cflinuxfs4: 20.1.0, 22.2.0; nearest: 20.1.0\\n');
  });

  it('finalize serves the app with python3; the message and node reach the app at launch', async () => {
    const { base, args } = await staging({ '${n.marker}': "It's working\\n", 'index.html': '<h1>hi</h1>\\n' });
    expect((await script('supply', args)).code).toBe(0);
    const finalize = await script('finalize', [...args, join(base, 'profile.d')]);
    expect(finalize.code).toBe(0);
    expect(finalize.stdout).not.toContain('**WARNING**');
    expect(finalize.stdout).toContain("node 22.2.0 is on the app's PATH");
    const release = await script('release', [join(base, 'app')]);
    expect(release.stdout).toMatch(/^---\\ndefault_process_types:\\n  web: .*python3 -m http\\.server .*\\$PORT/);

    // Launch as CF does: DEPS_DIR set, profile.d sourced, then the start command.
    const launched = await run('bash', ['-c', 'for f in "$1"/*; do . "$f"; done; printf "%s\\\\n" "$${v}"; node', 'launch', join(base, 'profile.d')], {
      env: { PATH: stackPath, DEPS_DIR: join(base, 'deps'), HOME: join(base, 'app') },
    });
    expect(launched.stdout).toBe("It's working\\nv22.2.0\\n");
  });

  it('finalize warns when the app has no index.html', async () => {
    const { base, args } = await staging({ '${n.marker}': '' });
    const finalize = await script('finalize', [...args, join(base, 'profile.d')]);
    expect(finalize.stdout).toContain('The app has no index.html');
  });
});
`;
}
