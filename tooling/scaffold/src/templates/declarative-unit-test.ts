import { STAGING_HELPER } from './staging-helper.ts';
import type { BuildpackNames } from '../buildpack-name.ts';

/**
 * src/<NAME>-buildpack.test.ts of the declarative kind: the bundled buildpack's sh scripts, run as a foundation runs
 * them (stack PATH with no node, BPKIT_NODE unset), and the launch environment they leave for the app.
 */
export function declarativeUnitTestTs(n: BuildpackNames): string {
  const v = n.messageVariable;
  return `import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBuildpack, makeStackPath, runBin } from '@bpkit/bundle';

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const SCRIPTS = ['detect', 'supply', 'finalize', 'release', 'compile'];
const MESSAGE = 'Hello from the ${n.name} buildpack';
let version: string;
let root: string;
let bp: string;
let stackPath: string;

beforeAll(async () => {
  version = (await readFile(join(PACKAGE_DIR, 'VERSION'), 'utf8')).trim();
  root = await mkdtemp(join(tmpdir(), 'bpkit-${n.name}-'));
  bp = join(root, '${n.registeredName}');
  await bundleBuildpack({ packageDir: PACKAGE_DIR, outDir: bp });
  stackPath = await makeStackPath(join(root, 'stack-bin'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs a buildpack script as a foundation does: stack PATH (no node), CF_STACK, and BPKIT_NODE unset. */
async function script(name: string, args: string[]) {
  const { code, stdout, stderr } = await runBin(bp, name, args, { PATH: stackPath, CF_STACK: 'cflinuxfs4' });
  return { code, stdout, stderr };
}

${STAGING_HELPER}
describe('${n.name} buildpack', () => {
  it('is sh only: no lib/, no bootstrap, no Node to find or download', async () => {
    await expect(stat(join(stackPath, 'node'))).rejects.toThrow(/ENOENT/);
    await expect(stat(join(bp, 'lib'))).rejects.toThrow(/ENOENT/);
    for (const name of SCRIPTS) {
      expect((await stat(join(bp, 'bin', name))).mode & 0o777).toBe(0o755);
      const text = await readFile(join(bp, 'bin', name), 'utf8');
      expect(text).toMatch(/^#!\\/bin\\/sh\\n/);
      expect(text).not.toMatch(/bootstrap\\.sh|\\.cjs|BPKIT_NODE/);
    }
    expect(await readFile(join(bp, 'manifest.yml'), 'utf8')).toMatch(/^dependencies: \\[\\]$/m);
  });

  it('detects apps with a ${n.marker}, printing ${n.name}', async () => {
    const { base } = await staging({ '${n.marker}': 'hi\\n' });
    expect(await script('detect', [join(base, 'app')])).toEqual({ code: 0, stdout: '${n.name}\\n', stderr: '' });
    const empty = await staging();
    expect(await script('detect', [join(empty.base, 'app')])).toEqual({ code: 1, stdout: '', stderr: '' });
  });

  it('supply prints the header and writes config.yml, the env file and the profile.d scripts into deps/0', async () => {
    const { base, args } = await staging({ '${n.marker}': 'hi\\n' });
    expect(await script('supply', args)).toEqual({ code: 0, stdout: \`-----> ${n.title} Buildpack version \${version}\\n\`, stderr: '' });
    expect(await readFile(join(base, 'deps/0/config.yml'), 'utf8')).toBe(\`config: {}\\nname: ${n.name}\\nversion: \${version}\\n\`);
    expect(await readFile(join(base, 'deps/0/env/${v}'), 'utf8')).toBe(MESSAGE);
    expect((await readdir(join(base, 'deps/0/profile.d'))).sort()).toEqual(['${n.name}-launch-env.sh', '${n.name}.sh']);
    for (const file of ['${n.name}-launch-env.sh', '${n.name}.sh']) {
      expect((await stat(join(base, 'deps/0/profile.d', file))).mode & 0o777).toBe(0o755);
    }
  });

  it('finalize puts the profile.d scripts in the profile dir; release declares the web process; the app gets its environment', async () => {
    const { base, args } = await staging({ '${n.marker}': "It's working\\nsecond line ignored\\n", 'index.html': '<h1>hi</h1>\\n' });
    expect((await script('supply', args)).code).toBe(0);
    expect(await script('finalize', [...args, join(base, 'profile.d')])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await readdir(join(base, 'profile.d'))).sort()).toEqual(['000_multi-supply.sh', '0_${n.name}-launch-env.sh', '0_${n.name}.sh']);
    const release = await script('release', [join(base, 'app')]);
    expect(release.code).toBe(0);
    expect(release.stdout).toMatch(/^---\\ndefault_process_types:\\n  web: .*python3 -m http\\.server .*\\$PORT/);

    // Launch as CF does: DEPS_DIR set, HOME the app, profile.d sourced, then the start command.
    const app = join(base, 'app');
    const launched = await run(
      'bash',
      ['-c', 'for f in "$1"/*; do . "$f"; done; printf "%s|%s|%s\\\\n" "$${v}" "$${n.appDirVariable}" "$${n.textVariable}"', 'launch', join(base, 'profile.d')],
      { env: { PATH: stackPath, DEPS_DIR: join(base, 'deps'), HOME: app } },
    );
    expect(launched.stdout).toBe(\`\${MESSAGE}|\${app}|It's working\\n\`);
  });
});
`;
}
