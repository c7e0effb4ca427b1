// The sh phases compiled from a declaration must leave what the core's Node phases leave for the same declaration:
// the same files with the same modes and bytes, the same output and exit codes. Both are built from one fixture
// buildpack, the Node one by giving it a src/supply.ts that returns the declaration.
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBuildpack } from './bundle-buildpack.ts';
import { runBin } from './run-bin.ts';
import { makeStackPath } from './stack-path.ts';

const CACHE = fileURLToPath(new URL('../.cache', import.meta.url));
let root: string;
let stackPath: string;
let declared: string;
let node: string;

const DEFINITION = `import { defineBuildpack, detect } from '@bpkit/buildpack';
export default defineBuildpack({
  detect: detect.never(),
  supplies: {
    config: { Tool: 'hammer', Versions: ['1.0', 'yes'], Nested: { on: true, n: 3 } },
    env: { TOOL_MODE: 'fast', QUOTED: "it's \\"x\\"" },
    launchEnv: { TOOL_HOME: '$DEPS_DIR/0/tool', ODD: 'a\`b\\\\c"d' },
    profileD: { 'tool.sh': 'export PATH=$PATH:$HOME/tool/bin\\n' },
  },
  release: { web: './run' },
});
`;

async function buildFixture(name: string, withNodeSupply: boolean): Promise<string> {
  const dir = join(root, name);
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: `@fixture/${name}`, version: '1.0.0', type: 'module' }),
    VERSION: '1.0.0\n',
    'manifest.yml': '---\nlanguage: tool-kit\ndependencies: []\n',
    'src/buildpack.ts': DEFINITION,
  };
  if (withNodeSupply) {
    files['src/supply.ts'] = "import definition from './buildpack.ts';\nexport default async () => definition.supplies;\n";
    files['src/finalize.ts'] = 'export default async () => {};\n';
  }
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return (await bundleBuildpack({ packageDir: dir })).outDir;
}

/** Every path under dir with its kind, mode and content (link targets for links). */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const entry of (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, entry.name);
      const st = await lstat(p);
      const mode = (st.mode & 0o777).toString(8);
      if (entry.isSymbolicLink()) out[relative(dir, p)] = `link ${await readlink(p)}`;
      else if (entry.isDirectory()) {
        out[relative(dir, p)] = `dir`;
        await walk(p);
      } else out[relative(dir, p)] = `${mode} ${await readFile(p, 'utf8')}`;
    }
  };
  await walk(dir);
  return out;
}

/** An app and a deps dir with an earlier buildpack's bin, lib and profile.d, as the builder leaves them. */
async function stagingDirs(name: string): Promise<{ base: string; args: (phase: 'supply' | 'finalize') => string[] }> {
  const base = join(root, 'runs', name);
  await mkdir(join(base, 'app'), { recursive: true });
  await mkdir(join(base, 'cache'), { recursive: true });
  for (const idx of ['0', '1']) await mkdir(join(base, 'deps', idx), { recursive: true });
  await mkdir(join(base, 'deps', '0', 'bin'));
  await mkdir(join(base, 'deps', '0', 'lib'));
  await mkdir(join(base, 'deps', '0', 'profile.d'));
  await writeFile(join(base, 'deps', '0', 'profile.d', 'early.sh'), 'export EARLY=1\n');
  await chmod(join(base, 'deps', '0', 'profile.d', 'early.sh'), 0o700);
  await writeFile(join(base, 'deps', '0', 'profile.d', '.hidden.sh'), 'export HIDDEN=1\n');
  await symlink('early.sh', join(base, 'deps', '0', 'profile.d', 'link.sh'));
  return {
    base,
    args: (phase) => [join(base, 'app'), join(base, 'cache'), join(base, 'deps'), '1', ...(phase === 'finalize' ? [join(base, 'profile')] : [])],
  };
}

const env = (): Record<string, string> => ({ PATH: stackPath, CF_STACK: 'cflinuxfs4', BPKIT_NODE: process.execPath });

beforeAll(async () => {
  await mkdir(CACHE, { recursive: true });
  root = await mkdtemp(join(CACHE, 'test-declared-'));
  stackPath = await makeStackPath(join(root, 'stack-bin'));
  [declared, node] = await Promise.all([buildFixture('declared', false), buildFixture('node', true)]);
}, 120_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('declared phases (sh)', () => {
  it('ship no Node: no lib/*.cjs, no bootstrap, every bin/* plain sh', async () => {
    const files = Object.keys(await snapshot(declared));
    expect(files.filter((f) => f.startsWith('lib'))).toEqual([]);
    for (const bin of ['detect', 'supply', 'finalize', 'compile', 'release']) {
      const text = await readFile(join(declared, 'bin', bin), 'utf8');
      expect(text.startsWith('#!/bin/sh\n')).toBe(true);
      expect(text).not.toMatch(/bootstrap|\.cjs/);
    }
  });

  it('supply then finalize leave the same deps, profile dir, cache record and output as the Node phases', async () => {
    const results: Array<{ logs: unknown; tree: Record<string, string> }> = [];
    for (const [name, bp] of [['sh', declared], ['node', node]] as const) {
      const dirs = await stagingDirs(name);
      const supply = await runBin(bp, 'supply', dirs.args('supply'), env());
      const finalize = await runBin(bp, 'finalize', dirs.args('finalize'), env());
      results.push({ logs: [supply.code, supply.stdout, supply.stderr, finalize.code, finalize.stdout, finalize.stderr], tree: await snapshot(dirs.base) });
    }
    const [sh, js] = results as [(typeof results)[0], (typeof results)[0]];
    expect(sh.logs).toEqual([0, '-----> Tool-Kit Buildpack version 1.0.0\n', '', 0, '', '']);
    expect(sh.logs).toEqual(js.logs);
    expect(sh.tree).toEqual(js.tree);
    // What the comparison covers, so an empty tree could not pass it.
    expect(sh.tree['deps/1/config.yml']).toContain('Tool: hammer');
    expect(sh.tree['profile/000_multi-supply.sh']).toContain('export PATH=$DEPS_DIR/0/bin$(');
    expect(Object.keys(sh.tree).filter((f) => f.startsWith('profile/')).sort()).toEqual([
      'profile/000_multi-supply.sh',
      'profile/0_.hidden.sh',
      'profile/0_early.sh',
      'profile/1_tool-kit-launch-env.sh',
      'profile/1_tool.sh',
    ]);
    expect(sh.tree['profile/0_early.sh']).toBe('700 export EARLY=1\n');
    expect(sh.tree['cache/BUILDPACK_METADATA']).toBe('644 language: tool-kit\nversion: 1.0.0\n');
  }, 60_000);

  it('compile leaves the same app as the Node compile', async () => {
    const trees: Array<Record<string, string>> = [];
    const logs: unknown[] = [];
    for (const [name, bp] of [['sh-compile', declared], ['node-compile', node]] as const) {
      const base = join(root, 'runs', name);
      await mkdir(join(base, 'app'), { recursive: true });
      await mkdir(join(base, 'cache'), { recursive: true });
      const r = await runBin(bp, 'compile', [join(base, 'app'), join(base, 'cache')], env());
      logs.push([r.code, r.stdout, r.stderr]);
      trees.push(await snapshot(base));
    }
    expect(logs[0]).toEqual([0, '-----> Tool-Kit Buildpack version 1.0.0\n', '']);
    expect(logs[0]).toEqual(logs[1]);
    expect(trees[0]).toEqual(trees[1]);
    expect(trees[0]?.['app/.profile.d/0000_set-deps-dir.sh']).toBe('755 export DEPS_DIR=$HOME/.cloudfoundry\n');
  }, 60_000);

  it('quote VERSION in YAML as the core does, and fail on bad arguments as the Node phases do', async () => {
    for (const version of ['1.0.0', 'v1.2.3+b5', '1.2.3\r', '1.0', '2.3.4-rc.1+b5', 'yes', '1e5', '1.2e5.3', '2026-12-07', 'with space', 'a: b', 'x"y\\z', 'tab\there']) {
      const outs: string[] = [];
      for (const bp of [declared, node]) {
        const copy = join(root, 'versions', `${bp === declared ? 'sh' : 'node'}-${outs.length}-${Buffer.from(version).toString('hex')}`);
        await cp(bp, copy, { recursive: true });
        await writeFile(join(copy, 'VERSION'), `${version}\n`);
        const dirs = await stagingDirs(`v-${relative(root, copy).replace(/\W/g, '_')}`);
        const r = await runBin(copy, 'supply', dirs.args('supply'), env());
        outs.push(`${r.code} ${r.stdout} ${await readFile(join(dirs.base, 'deps', '1', 'config.yml'), 'utf8')}`);
      }
      expect(outs[0], version).toBe(outs[1]);
    }
    for (const args of [[], ['a', 'b', 'c'], ['a', '', 'c', '0']]) {
      const [a, b] = await Promise.all([runBin(declared, 'supply', args, env()), runBin(node, 'supply', args, env())]);
      expect([a.code, a.stdout, a.stderr]).toEqual([b.code, b.stdout, b.stderr]);
      expect(a.code).toBe(1);
    }
  }, 120_000);
});
