import type { BuildpackNames } from '../buildpack-name.ts';

/** src/<NAME>-buildpack.test.ts: the built buildpack's scripts, run as the stager runs them. */
export function unitTestTs(n: BuildpackNames): string {
  const v = n.messageVariable;
  return `import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBuildpack, makeStackPath, runBin } from '@bpkit/bundle';

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
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

/** Runs a buildpack script as the stager does: stack PATH (no node), CF_STACK, the bootstrap told which Node to use. */
async function script(name: string, args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await runBin(bp, name, args, { PATH: stackPath, CF_STACK: 'cflinuxfs4', BPKIT_NODE: process.execPath, ...env });
  return { code, stdout, stderr };
}

/** A staging layout: app/, cache/, deps/0/, profile.d/ under a fresh directory. */
async function staging(files: Record<string, string> = {}): Promise<{ base: string; args: string[] }> {
  const base = await mkdtemp(join(root, 'stage-'));
  for (const dir of ['app', 'cache', 'deps/0', 'profile.d']) await mkdir(join(base, dir), { recursive: true });
  for (const [name, body] of Object.entries(files)) await writeFile(join(base, 'app', name), body);
  return { base, args: [join(base, 'app'), join(base, 'cache'), join(base, 'deps'), '0'] };
}

describe('${n.name} buildpack', () => {
  it('detects apps with a ${n.marker}, printing ${n.name}, without starting Node', async () => {
    const { base } = await staging({ '${n.marker}': 'hi\\n' });
    expect(await script('detect', [join(base, 'app')], { BPKIT_NODE: '/nonexistent' })).toEqual({ code: 0, stdout: '${n.name}\\n', stderr: '' });
    const empty = await staging();
    expect(await script('detect', [join(empty.base, 'app')], { BPKIT_NODE: '/nonexistent' })).toEqual({ code: 1, stdout: '', stderr: '' });
  });

  it('supply exports ${v} for staging and launch and records itself in config.yml', async () => {
    const { base, args } = await staging({ '${n.marker}': "It's working\\nsecond line ignored\\n" });
    const supply = await script('supply', args);
    expect(supply.code).toBe(0);
    expect(supply.stdout).toMatch(new RegExp(\`^-----> .+ Buildpack version \${version.replace(/\\./g, '\\\\.')}\\n\`));
    expect(await readFile(join(base, 'deps/0/env/${v}'), 'utf8')).toBe("It's working");
    expect((await stat(join(base, 'deps/0/profile.d/${n.name}.sh'))).mode & 0o777).toBe(0o755);
    const config = await readFile(join(base, 'deps/0/config.yml'), 'utf8');
    expect(config).toContain('name: ${n.name}\\n');
    expect(config).toContain(\`version: \${version}\\n\`);
  });

  it('finalize serves the app with python3; the message reaches the app at launch', async () => {
    const { base, args } = await staging({ '${n.marker}': "It's working\\n", 'index.html': '<h1>hi</h1>\\n' });
    expect((await script('supply', args)).code).toBe(0);
    const finalize = await script('finalize', [...args, join(base, 'profile.d')]);
    expect(finalize.code).toBe(0);
    expect(finalize.stdout).not.toContain('**WARNING**');
    const release = await script('release', [join(base, 'app')]);
    expect(release.stdout).toMatch(/^---\\ndefault_process_types:\\n  web: .*python3 -m http\\.server .*\\$PORT/);

    // Launch as CF does: DEPS_DIR set, profile.d sourced, then the start command.
    const launched = await run('bash', ['-c', 'for f in "$1"/*; do . "$f"; done; printf %s "$${v}"', 'launch', join(base, 'profile.d')], {
      env: { PATH: stackPath, DEPS_DIR: join(base, 'deps'), HOME: join(base, 'app') },
    });
    expect(launched.stdout).toBe("It's working");
  });

  it('finalize warns when the app has no index.html', async () => {
    const { base, args } = await staging({ '${n.marker}': '' });
    const finalize = await script('finalize', [...args, join(base, 'profile.d')]);
    expect(finalize.stdout).toContain('The app has no index.html');
  });
});
`;
}
