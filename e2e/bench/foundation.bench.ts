// What a real foundation pays (issue 15): every staging runs CF's builder contract (`dist/builder`) in a fresh
// container: the buildpack zip extracted again, a fresh /tmp and Node cache, a stack PATH with no node, BPKIT_NODE
// unset. Ratios come from one run, alternating the two sides:
//   binary: bpkit's cached zip ÷ a reference bash buildpack doing the same work (header, config.yml, release)  ≤ 1.1
//   go, node and ruby (when its relocatable Ruby is built already): cached zip ÷ the same staging with BPKIT_NODE pointing at
//   an unpacked Node (the bootstrap's whole cost)  ≤ 1.15, with the absolute difference
//   zip sizes of every buildpack, cached and uncached (test manifests: the toolchains are this machine's)
// Run: pnpm bench foundation   (BPKIT_BENCH_RUNS, default 3; BPKIT_BENCH_ONLY=go,node,ruby to pick)
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { bench, describe } from 'vitest';
import { type DependencyServer, buildTestManifest, startDependencyServer } from '@bpkit/dep-server';
import { makeStackPath } from '@bpkit/bundle';
import { writeNodeRuntime } from '@bpkit/node-runtime';
import { cacheDirName } from '@bpkit/stager';
import { copyApp } from '../src/app-http.ts';
import { seedApp } from '../src/go-app.ts';
import { goToolchainTarball } from '../src/go-toolchain.ts';
import { NODE_22, nodeRuntimes } from '../src/node-toolchain.ts';
import { cachedRubyToolchain, repackageDebianGem, rubyAppDir, rubyManifest } from '../src/ruby-toolchain.ts';
import { BPKIT, REPO_ROOT } from '../src/workspace.ts';

const run = promisify(execFile);
const RUNS = Number(process.env['BPKIT_BENCH_RUNS'] ?? 3);
const BUILDER = join(REPO_ROOT, 'packages', 'stager', 'dist', 'builder.mjs');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const size = (bytes: number): string => (bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

interface Side {
  label: string;
  zip: string;
  /** Extra environment for the builder (BPKIT_NODE for the baseline). */
  env?: Record<string, string>;
}

/** What a cell starts from besides the app: a build-artifacts cache to copy in (untimed), one to copy out after. */
interface CellCache {
  seed?: string;
  keepTo?: string;
}

/** One staging as a Diego cell runs it; resolves to its wall time in ms (extraction included). */
async function stage(work: string, stackPath: string, side: Side, app: string, key: string, cache: CellCache = {}): Promise<number> {
  const root = await mkdtemp(join(work, 'cell-'));
  try {
    await cp(app, join(root, 'app'), { recursive: true });
    for (const d of ['tmp', 'buildpacks', 'downloads', 'out']) await mkdir(join(root, d));
    if (cache.seed) await cp(cache.seed, join(root, 'cache'), { recursive: true });
    else await mkdir(join(root, 'cache'));
    const started = performance.now();
    await run('unzip', ['-q', side.zip, '-d', join(root, 'buildpacks', cacheDirName(key))]);
    const env: Record<string, string> = {
      PATH: stackPath,
      CF_STACK: 'cflinuxfs4',
      HOME: join(root, 'app'),
      TMPDIR: join(root, 'tmp'),
      BPKIT_NODE_CACHE: join(root, 'tmp', 'bpkit-node'),
      ...side.env,
    };
    // The builder itself is the platform's, run by this Node; only the buildpacks see the stack PATH.
    await run(process.execPath, [
      BUILDER,
      `-buildDir=${join(root, 'app')}`,
      `-outputDroplet=${join(root, 'out', 'droplet.tgz')}`,
      `-outputMetadata=${join(root, 'out', 'result.json')}`,
      `-outputBuildArtifactsCache=${join(root, 'out', 'cache.tgz')}`,
      `-buildArtifactsCacheDir=${join(root, 'cache')}`,
      `-buildpacksDir=${join(root, 'buildpacks')}`,
      `-buildpacksDownloadDir=${join(root, 'downloads')}`,
      `-buildpackOrder=${key}`,
      '-skipDetect=true',
    ], { env, maxBuffer: 64 << 20 }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`${side.label}: staging failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    });
    const ms = performance.now() - started;
    if (cache.keepTo) await cp(join(root, 'cache'), cache.keepTo, { recursive: true });
    return ms;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * Both sides RUNS times after one warm-up each, in pairs whose order alternates (so neither side always follows the
 * other); the medians of each side and of the per-pair differences.
 */
async function compare(work: string, stackPath: string, app: string, key: string, a: Side, b: Side, cache: CellCache = {}): Promise<[number, number, number]> {
  const times: [number[], number[]] = [[], []];
  const differences: number[] = [];
  for (let i = -1; i < RUNS; i++) {
    const order: Array<[0 | 1, Side]> = i % 2 === 0 ? [[1, b], [0, a]] : [[0, a], [1, b]];
    const pair: number[] = [];
    for (const [j, side] of order) pair[j] = await stage(work, stackPath, side, app, key, cache);
    if (i < 0) continue;
    times[0].push(pair[0] as number);
    times[1].push(pair[1] as number);
    differences.push((pair[0] as number) - (pair[1] as number));
  }
  return [median(times[0]), median(times[1]), median(differences)];
}

/** A copy of a workspace buildpack with a loopback manifest, packaged cached and uncached. */
async function packaged(work: string, name: string, manifest: string, options: { bootstrap?: boolean } = {}): Promise<{ cached: string; uncached: string }> {
  const label = options.bootstrap === false ? `${name}-baseline` : name;
  const pkg = join(work, `pkg-${label}`);
  const real = join(REPO_ROOT, 'buildpacks', name);
  await mkdir(pkg);
  for (const f of ['package.json', 'VERSION']) await cp(join(real, f), join(pkg, f));
  await cp(join(real, 'build'), join(pkg, 'build'), { recursive: true });
  await writeFile(join(pkg, 'manifest.yml'), manifest);
  await writeFile(join(pkg, 'build', 'manifest.yml'), manifest);
  if (existsSync(join(pkg, 'build', 'lib', 'bootstrap.sh'))) {
    if (options.bootstrap === false) await rm(join(pkg, 'build', 'lib', 'node-runtime'));
    else await writeNodeRuntime(join(pkg, 'build'), manifest);
  }
  const zips: Record<string, string> = {};
  for (const kind of ['cached', 'uncached'] as const) {
    const out = join(work, `zips-${label}-${kind}`);
    await run(process.execPath, [BPKIT, 'package', pkg, ...(kind === 'cached' ? ['--cached', '--cache-dir', join(work, 'downloads')] : []), '-o', out], {
      maxBuffer: 64 << 20,
    });
    zips[kind] = join(out, (await readdir(out)).find((f) => f.endsWith('.zip')) as string);
  }
  return { cached: zips['cached'] as string, uncached: zips['uncached'] as string };
}

/** CF's binary buildpack's work in bash: what bpkit's declared binary buildpack must cost no more than. */
async function referenceBinaryZip(work: string): Promise<string> {
  const dir = join(work, 'reference-binary');
  const files: Record<string, string> = {
    'bin/detect': '#!/bin/bash\nexit 1\n',
    'bin/supply':
      '#!/bin/bash\nset -e\necho "-----> Binary Buildpack version 1.0.0"\nmkdir -p "$3/$4"\n' +
      "printf 'config: {}\\nname: binary\\nversion: 1.0.0\\n' > \"$3/$4/config.yml\"\n",
    'bin/finalize': '#!/bin/bash\nexit 0\n',
    'bin/release':
      "#!/bin/bash\nprintf -- '---\\ndefault_process_types:\\n  web: \">&2 echo Error: no start command specified during staging or launch && exit 1\"\\n'\n",
    VERSION: '1.0.0',
    'manifest.yml': '---\nlanguage: binary\ndependencies: []\n',
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
    if (path.startsWith('bin/')) await chmod(join(dir, path), 0o755);
  }
  const zip = join(work, 'reference-binary.zip');
  await run('zip', ['-qr', zip, '.'], { cwd: dir });
  return zip;
}

/** One loopback server for every toolchain: a root of links to the cached tarballs. */
async function serve(work: string, files: string[]): Promise<{ server: DependencyServer; root: string }> {
  const root = join(work, 'served');
  await mkdir(root, { recursive: true });
  for (const f of files) await symlink(f, join(root, basename(f))).catch(() => undefined);
  return { server: await startDependencyServer({ root }), root };
}

const rows: string[] = [];
const report = (line: string): void => {
  rows.push(line);
  console.log(line);
};

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'bpkit-bench-foundation-'));
  const stackPath = await makeStackPath(join(work, 'stack-bin'));
  const [go, nodes] = await Promise.all([goToolchainTarball(), nodeRuntimes([NODE_22])]);
  const nodeTarball = nodes.tarballs[NODE_22] as string;
  await nodes.server.close();
  const { server, root } = await serve(work, [go.file, nodeTarball]);
  // The Node the baseline's BPKIT_NODE points at: the same runtime, already unpacked.
  const unpacked = join(work, 'unpacked-node');
  await mkdir(unpacked);
  await run('tar', ['-xzf', nodeTarball, '-C', unpacked]);
  const bpkitNode = join(unpacked, 'bin', 'node');
  const nodeDep = { name: 'node', version: NODE_22, file: basename(nodeTarball) };
  const servers: DependencyServer[] = [];
  const manifest = (language: string, deps: Array<{ name: string; version: string; file: string }>, defaults: Array<{ name: string; version: string }>) =>
    buildTestManifest({ language, root, baseUrl: server.url, dependencies: deps, defaultVersions: defaults });

  try {
    // binary: declared, no Node at all.
    const binary = await packaged(work, 'binary', '---\nlanguage: binary\ndefault_versions: []\ndependencies: []\n');
    const seed = await seedApp({ Procfile: 'web: ./app\n' });
    const reference = await referenceBinaryZip(work);
    const [ours, theirs] = await compare(work, stackPath, seed, 'binary_buildpack', { label: 'bpkit binary cached', zip: binary.cached }, { label: 'reference bash', zip: reference });
    const ratio = ours / theirs;
    report(`binary: bpkit cached zip ${ours.toFixed(0)} ms ÷ reference bash buildpack ${theirs.toFixed(0)} ms = ${ratio.toFixed(2)}×  target ≤ 1.1  ${ratio <= 1.1 ? 'OK' : 'MISSED'}`);
    const sizes: Array<[string, { cached: string; uncached: string }]> = [['binary', binary]];

    // go, node, ruby: the cached zip (the toolchain, and the bootstrap's Node unpacked) against the same staging with
    // BPKIT_NODE at an unpacked Node. node's app runtime is the bootstrap's own, so its cached zip installs the app's
    // Node from vendor/node where the baseline unpacks the tarball.
    const runtimes: Array<{
      name: string;
      language: string;
      app: string | (() => Promise<string>);
      key: string;
      deps: (typeof nodeDep)[];
      defaults: Array<{ name: string; version: string }>;
      manifest?: string;
    }> = [
      {
        name: 'go',
        language: 'go',
        app: 'go-module',
        key: 'go_buildpack',
        deps: [{ name: 'go', version: go.version, file: basename(go.file) }, nodeDep],
        defaults: [{ name: 'go', version: go.version }, { name: 'node', version: '22.x' }],
      },
      { name: 'node', language: 'nodejs', app: 'node-http', key: 'nodejs_buildpack', deps: [nodeDep], defaults: [{ name: 'node', version: '22.x' }] },
    ];
    // ruby: only when the relocatable Ruby is built already (the ruby e2e builds it; minutes of compiling).
    const ruby = await cachedRubyToolchain();
    if (ruby) {
      const rubyRoot = join(work, 'served-ruby');
      const rubyServer = await startDependencyServer({ root: rubyRoot });
      servers.push(rubyServer);
      const gems = join(work, 'gems');
      await mkdir(gems);
      const webrick = await repackageDebianGem(ruby, 'webrick', gems);
      runtimes.push({
        name: 'ruby',
        language: 'ruby',
        app: () => rubyAppDir(ruby, 'ruby-procfile', { gems: [webrick] }),
        key: 'ruby_buildpack',
        deps: [],
        defaults: [],
        manifest: await rubyManifest(ruby, rubyRoot, rubyServer, { version: NODE_22, tarball: nodeTarball }),
      });
    } else {
      report('ruby: skipped (no relocatable Ruby under BPKIT_E2E_CACHE yet; the ruby e2e builds it)');
    }
    // BPKIT_BENCH_ONLY=go,ruby measures just those (binary always: it takes seconds).
    const only = process.env['BPKIT_BENCH_ONLY']?.split(',');
    for (const r of runtimes.filter((x) => !only || only.includes(x.name))) {
      const zips = await packaged(work, r.name, r.manifest ?? (await manifest(r.language, r.deps, r.defaults)));
      sizes.push([r.name, zips]);
      const app = typeof r.app === 'string' ? await copyApp(r.app) : await r.app();
      // The baseline is the zip as packaged before #15: every dependency a tarball (built without lib/node-runtime the
      // packager sees no bootstrap), nothing unpacked; go's and ruby's lose the node tarball only the bootstrap used.
      const baseline = (await packaged(work, r.name, r.manifest ?? (await manifest(r.language, r.deps, r.defaults)), { bootstrap: false })).cached;
      if (r.name !== 'node') await run('zip', ['-q', '-d', baseline, 'dependencies/*/node*']);
      const fastSide: Side = { label: `${r.name} BPKIT_NODE`, zip: baseline, env: { BPKIT_NODE: bpkitNode } };
      // A cold `go install` varies by ±10 s between stagings here, which buries a bootstrap costing about 1 s: Go
      // stages over the build cache a first staging left (a restage's usual state), its toolchain unpacked afresh.
      let cache: CellCache = {};
      if (r.name === 'go') {
        const kept = join(work, `cache-${r.name}-all`);
        await stage(work, stackPath, fastSide, app, r.key, { keepTo: kept });
        const seed = join(work, `cache-${r.name}`);
        await mkdir(join(seed, 'final'), { recursive: true });
        await cp(join(kept, 'final', 'go-cache'), join(seed, 'final', 'go-cache'), { recursive: true });
        cache = { seed };
      }
      const [cold, fast, difference] = await compare(work, stackPath, app, r.key, { label: `${r.name} cached`, zip: zips.cached }, fastSide, cache);
      const ratio = cold / fast;
      const warm = cache.seed ? ', over a warm Go build cache' : '';
      report(
        `${r.name}: cached zip ${cold.toFixed(0)} ms ÷ with BPKIT_NODE ${fast.toFixed(0)} ms = ${ratio.toFixed(2)}× ` +
          `(per-pair difference ${difference >= 0 ? '+' : ''}${difference.toFixed(0)} ms${warm})  target ≤ 1.15  ${ratio <= 1.15 ? 'OK' : 'MISSED'}`,
      );
    }

    for (const [name, zips] of sizes) {
      const [c, u] = await Promise.all([stat(zips.cached), stat(zips.uncached)]);
      const target = name === 'binary' ? `  target cached ≤ 1 MiB  ${c.size <= 2 ** 20 ? 'OK' : 'MISSED'}` : '';
      report(`zip size ${name}: cached ${size(c.size)}, uncached ${size(u.size)}${target}`);
    }
  } finally {
    await Promise.all([server, ...servers].map((s) => s.close()));
    await rm(work, { recursive: true, force: true });
  }
}

describe('issue 15: what a foundation pays', () => {
  bench('stagings through dist/builder with zips extracted per staging', main, { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 });
});
