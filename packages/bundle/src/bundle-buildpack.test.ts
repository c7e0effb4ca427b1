import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBuildpack, phaseEntry } from './bundle-buildpack.ts';
import { makeStackPath } from './stack-path.ts';

const run = promisify(execFile);
// Fixture packages live inside this package so `@bpkit/buildpack` resolves through its node_modules.
const CACHE = fileURLToPath(new URL('../.cache', import.meta.url));
let root: string;
let stackPath: string;

const MANIFEST = `---
language: ruby
default_versions:
- name: node
  version: 22.x
dependencies:
- name: node
  version: 22.19.0
  uri: https://buildpacks.example.invalid/node_22.19.0.tgz
  sha256: ${'a'.repeat(64)}
  cf_stacks:
  - cflinuxfs4
`;

async function fixture(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  const all: Record<string, string> = {
    'package.json': JSON.stringify({ name: `@fixture/${name}`, version: '2.3.4', type: 'module' }),
    VERSION: '2.3.4\n',
    'manifest.yml': MANIFEST,
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) await walk(p);
      else out[relative(dir, p)] = `${((await stat(p)).mode & 0o777).toString(8)} ${await readFile(p, 'utf8')}`;
    }
  };
  await walk(dir);
  return out;
}

async function sh(file: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(file, args, { env: { PATH: stackPath, CF_STACK: 'cflinuxfs4', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  await mkdir(CACHE, { recursive: true });
  root = await mkdtemp(join(CACHE, 'test-bundle-'));
  stackPath = await makeStackPath(join(root, 'stack-bin'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const NOOP = 'export default async () => {};\n';

const RUBYISH = `import { defineBuildpack, detect } from '@bpkit/buildpack';
export default defineBuildpack({
  detect: detect.when(detect.envPath('BUNDLE_GEMFILE', 'Gemfile'), 'ruby {version}'),
  release: { web: "bundle exec rackup -p $PORT -o '0.0.0.0'", worker: 'rake jobs:work' },
});
`;

describe('bundleBuildpack', () => {
  it('lays out the buildpack directory with executable sh scripts', async () => {
    // Phases with code run on Node; see declared-phases.test.ts for a buildpack that is all declaration.
    const pkg = await fixture('rubyish', { 'src/buildpack.ts': RUBYISH, 'src/supply.ts': NOOP, 'src/finalize.ts': NOOP });
    const result = await bundleBuildpack({ packageDir: pkg });
    expect(result).toMatchObject({ outDir: join(pkg, 'build'), version: '2.3.4', detect: 'rules' });
    const files = await tree(join(pkg, 'build'));
    expect(Object.keys(files).sort()).toEqual([
      'VERSION',
      'bin/compile',
      'bin/detect',
      'bin/finalize',
      'bin/release',
      'bin/supply',
      'lib/bootstrap.sh',
      'lib/compile.cjs',
      'lib/finalize.cjs',
      // The core loads manifest + installer with `await import()`: each is its own file, parsed only when used;
      // the installer in turn loads node-tar only without a system tar, yauzl for zips.
      'lib/lazy/bpkit-dependency.cjs',
      'lib/lazy/bpkit-manifest.cjs',
      // finalize reads supply's config.yml back with it, only when supply returned a config.
      'lib/lazy/js-yaml.cjs',
      'lib/lazy/tar.cjs',
      'lib/lazy/yauzl.cjs',
      'lib/node-runtime',
      'lib/supply.cjs',
      'manifest.yml',
    ]);
    for (const bin of ['compile', 'detect', 'finalize', 'release', 'supply']) {
      expect(files[`bin/${bin}`]).toMatch(/^755 #!\/bin\/sh\n/);
    }
    expect(files['lib/supply.cjs']).toMatch(/^644 /);
    expect(files.VERSION).toBe('644 2.3.4');
    expect(files['manifest.yml']).toBe(`644 ${MANIFEST}`);
    expect(files['lib/node-runtime']).toContain("node_version='22.19.0'");
    // Chunks require their own lazy chunks from beside them, not from a lazy/ below.
    expect(files['lib/lazy/bpkit-dependency.cjs']).toContain('"./yauzl.cjs"');
    expect(files['lib/lazy/bpkit-dependency.cjs']).not.toContain('./lazy/');
    expect(files['lib/lazy/bpkit-dependency.cjs']?.length).toBeLessThan(60_000);
  });

  it('compiles declarative detect to sh: no Node, {version} baked in', async () => {
    const pkg = await fixture('rubyish-detect', { 'src/buildpack.ts': RUBYISH });
    await bundleBuildpack({ packageDir: pkg });
    const app = join(root, 'detect app');
    await mkdir(app, { recursive: true });
    expect(await sh(join(pkg, 'build/bin/detect'), [app])).toMatchObject({ code: 1, stdout: '' });
    await writeFile(join(app, 'Gemfile'), '');
    expect(await sh(join(pkg, 'build/bin/detect'), [app])).toMatchObject({ code: 0, stdout: 'ruby 2.3.4\n' });
    expect(await readFile(join(pkg, 'build/bin/detect'), 'utf8')).not.toContain('node');
  });

  it('bin/release prints the declared processes, or what finalize wrote to .bpkit/release.yml', async () => {
    const pkg = await fixture('rubyish-release', { 'src/buildpack.ts': RUBYISH });
    await bundleBuildpack({ packageDir: pkg });
    const app = join(root, 'release app');
    await mkdir(join(app, '.bpkit'), { recursive: true });
    const declared = await sh(join(pkg, 'build/bin/release'), [app]);
    expect(declared.code).toBe(0);
    expect(declared.stdout).toBe(
      "---\ndefault_process_types:\n  web: bundle exec rackup -p $PORT -o '0.0.0.0'\n  worker: rake jobs:work\n",
    );
    await writeFile(join(app, '.bpkit/release.yml'), '---\ndefault_process_types:\n  web: ./bin/app\n');
    expect((await sh(join(pkg, 'build/bin/release'), [app])).stdout).toBe('---\ndefault_process_types:\n  web: ./bin/app\n');
  });

  it('with no release declared prints an empty process map', async () => {
    const pkg = await fixture('bare', {
      'src/buildpack.ts': "import { defineBuildpack, detect } from '@bpkit/buildpack';\nexport default defineBuildpack({ detect: detect.never() });\n",
    });
    await bundleBuildpack({ packageDir: pkg });
    const out = await sh(join(pkg, 'build/bin/release'), [root]);
    expect(out).toMatchObject({ code: 0, stdout: '---\ndefault_process_types: {}\n' });
  });

  it('runs supply code through the bootstrap, with the core doing argv, config.yml and logging', async () => {
    const pkg = await fixture('supplier', {
      'src/buildpack.ts': "import { defineBuildpack, detect } from '@bpkit/buildpack';\nexport default defineBuildpack({ detect: detect.never() });\n",
      'src/supply.ts': `import type { SupplyFn } from '@bpkit/buildpack';
const supply: SupplyFn = async (ctx) => {
  ctx.log.beginStep('Supplying a tool');
  await ctx.deps.writeEnvFile('FIXTURE', ctx.stack);
  await ctx.deps.writeEnvFile('BUNDLE_URL', import.meta.url);
  return { config: { tool: 'x' } };
};
export default supply;
`,
    });
    await bundleBuildpack({ packageDir: pkg });
    const dirs = join(root, 'stage');
    for (const d of ['build', 'cache', 'deps/0']) await mkdir(join(dirs, d), { recursive: true });
    const out = await sh(join(pkg, 'build/bin/supply'), [join(dirs, 'build'), join(dirs, 'cache'), join(dirs, 'deps'), '0'], {
      BPKIT_NODE: process.execPath,
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('-----> Supplying a tool\n');
    expect(await readFile(join(dirs, 'deps/0/env/FIXTURE'), 'utf8')).toBe('cflinuxfs4');
    // Phase bundles are CommonJS for start-up speed; import.meta.url still names the bundle.
    expect(await readFile(join(dirs, 'deps/0/env/BUNDLE_URL'), 'utf8')).toBe(pathToFileURL(join(pkg, 'build/lib/supply.cjs')).href);
    expect(await readFile(join(dirs, 'deps/0/config.yml'), 'utf8')).toMatch(/name: ruby/);
  });

  it('detect code runs in Node via the bootstrap and prints the detected name', async () => {
    const pkg = await fixture('coded', {
      'src/buildpack.ts': "import { defineBuildpack, detect } from '@bpkit/buildpack';\nexport default defineBuildpack({ detect: detect.code() });\n",
      'src/detect.ts': `import { readFile } from 'node:fs/promises';
import type { DetectFn } from '@bpkit/buildpack';
const detect: DetectFn = async (ctx) => {
  const text = await readFile(ctx.buildDir + '/marker', 'utf8').catch(() => '');
  return text.includes('yes') ? 'coded ' + ctx.buildpack.version : false;
};
export default detect;
`,
    });
    const result = await bundleBuildpack({ packageDir: pkg });
    expect(result.bundles.detect).toBeGreaterThan(0);
    const app = join(root, 'coded app');
    await mkdir(app, { recursive: true });
    await writeFile(join(app, 'marker'), 'yes');
    expect(await sh(join(pkg, 'build/bin/detect'), [app], { BPKIT_NODE: process.execPath })).toMatchObject({ code: 0, stdout: 'coded 2.3.4\n' });
    await writeFile(join(app, 'marker'), 'no');
    expect(await sh(join(pkg, 'build/bin/detect'), [app], { BPKIT_NODE: process.execPath })).toMatchObject({ code: 1 });
  });

  it('is deterministic: rebuilding unchanged sources gives identical bytes and modes', async () => {
    const pkg = await fixture('again', { 'src/buildpack.ts': RUBYISH });
    await bundleBuildpack({ packageDir: pkg });
    const first = await tree(join(pkg, 'build'));
    await bundleBuildpack({ packageDir: pkg });
    await bundleBuildpack({ packageDir: pkg, outDir: join(root, 'elsewhere') });
    expect(await tree(join(pkg, 'build'))).toEqual(first);
    expect(await tree(join(root, 'elsewhere'))).toEqual(first);
  });

  it('refuses inconsistent packages with a clear message', async () => {
    const mismatch = await fixture('mismatch', { 'src/buildpack.ts': RUBYISH, VERSION: '9.9.9' });
    await expect(bundleBuildpack({ packageDir: mismatch })).rejects.toThrow(/VERSION \(9\.9\.9\) differs from package\.json's version \(2\.3\.4\)/);
    const codeless = await fixture('codeless', {
      'src/buildpack.ts': "import { defineBuildpack, detect } from '@bpkit/buildpack';\nexport default defineBuildpack({ detect: detect.code() });\n",
    });
    await expect(bundleBuildpack({ packageDir: codeless })).rejects.toThrow(/no src\/detect\.ts/);
    const broken = await fixture('broken', { 'src/buildpack.ts': "import x from './nope.ts';\nexport default x;\n" });
    await expect(bundleBuildpack({ packageDir: broken })).rejects.toThrow(/cannot bundle .*\n.*nope\.ts/);
  });

  it('generates entries that default a missing phase to a no-op', () => {
    const entry = phaseEntry('compile', { detect: false, supply: true, finalize: false });
    expect(entry).toMatch(
      /^import supply from "\.\/src\/supply\.ts";\nconst finalize = async \(\) => \{\};\nimport \{ runCompile \} from '@bpkit\/buildpack';\nrunCompile\(supply, finalize\)\.catch\(/,
    );
  });

  it('a phase wrapper that rejects still ends in a CF-style error, not a stack trace', async () => {
    const pkg = await fixture('rejecting', {
      'src/buildpack.ts': "import { defineBuildpack, detect } from '@bpkit/buildpack';\nexport default defineBuildpack({ detect: detect.never() });\n",
      'src/supply.ts': NOOP,
    });
    await bundleBuildpack({ packageDir: pkg });
    // Stand in for a core whose wrapper rejects: replace the bundle with the same guard around a rejection.
    const entry = phaseEntry('supply', { detect: false, supply: false, finalize: false });
    const guard = entry.slice(entry.indexOf('.catch('));
    await writeFile(join(pkg, 'build/lib/supply.cjs'), `Promise.reject(new Error('boom'))${guard}`);
    const out = await sh(join(pkg, 'build/bin/supply'), ['a', 'b', 'c', '0'], { BPKIT_NODE: process.execPath });
    expect(out).toEqual({ code: 1, stdout: '       \x1b[31;1m**ERROR**\x1b[0m boom\n', stderr: '' });
  });
});
