// Ruby buildpack staging (issue 6): cold staging of the Rack app (empty cache dir), warm restage (same app,
// unchanged Gemfile.lock) and the buildpack's overhead (staging minus the bundle install it runs). "Staging" is
// the buildpack's bin/supply + bin/finalize as CF's builder runs them (e2e/bench/phases.mjs), the same
// definition as the Node bench; `bpkit stage` end to end is printed too, for context. Uses the cached relocatable Ruby of the e2e tests
// (built on first use, minutes) served from a loopback dependency server.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, report, timeCommand } from './measure.mjs';
import { stagePhases } from './phases.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'bpkit-bench-ruby-'));
const bpkitCli = join(root, 'packages/cli/dist/bpkit.mjs');

// The fixtures are TypeScript (e2e/src/ruby-toolchain.ts, @bpkit/dep-server): bundle them for this Node.
const esbuild = createRequire(join(root, 'packages/bundle/package.json'))('esbuild');
const fixtures = join(work, 'fixtures.mjs');
await esbuild.build({
  stdin: {
    contents: `export { rubyToolchain, repackageDebianGem, lockfileFor } from './src/ruby-toolchain.ts';
export { startDependencyServer, buildTestManifest, sha256File } from '@bpkit/dep-server';`,
    resolveDir: join(root, 'e2e'),
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: fixtures,
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'error',
});
const { rubyToolchain, repackageDebianGem, lockfileFor, startDependencyServer, buildTestManifest, sha256File } = await import(
  pathToFileURL(fixtures).href
);

const toolchain = await rubyToolchain();
const depRoot = join(work, 'deps');
const server = await startDependencyServer({ root: depRoot });
const dependencies = [];
for (const [name, version, source, arch, stack] of [
  ['ruby', toolchain.version, toolchain.rubyTarball, 'x64', 'cflinuxfs4'],
  ['bundler', toolchain.bundlerVersion, toolchain.bundlerTarball, 'noarch', 'any-stack'],
]) {
  const sha = await sha256File(source);
  const file = `dependencies/${name}/${name}_${version}_linux_${arch}_${stack}_${sha.slice(0, 8)}.tgz`;
  mkdirSync(join(depRoot, 'dependencies', name), { recursive: true });
  copyFileSync(source, join(depRoot, file));
  dependencies.push({ name, version, file });
}
const manifest = await buildTestManifest({
  language: 'ruby',
  root: depRoot,
  baseUrl: server.url,
  dependencies,
  defaultVersions: [{ name: 'ruby', version: `${toolchain.version.split('.').slice(0, 2).join('.')}.x` }],
});

// System buildpacks: the workspace's ruby build with the test manifest, and binary for the baseline.
const system = join(work, 'system-buildpacks');
for (const name of ['ruby', 'binary']) {
  cpSync(join(root, 'buildpacks', name, 'build'), join(system, name, 'build'), { recursive: true, verbatimSymlinks: true });
  copyFileSync(join(root, 'buildpacks', name, 'manifest.yml'), join(system, name, 'manifest.yml'));
}
writeFileSync(join(system, 'ruby', 'manifest.yml'), manifest);
writeFileSync(join(system, 'ruby', 'build', 'manifest.yml'), manifest);
const env = { ...process.env, BPKIT_HOME: join(work, 'home'), BPKIT_SYSTEM_BUILDPACKS: system };

// The Rack app of the e2e tests, gems in vendor/cache.
const gemDir = join(work, 'gems');
const gems = [await repackageDebianGem(toolchain, 'rack', gemDir), await repackageDebianGem(toolchain, 'webrick', gemDir)];
const app = join(work, 'ruby-rack');
cpSync(join(root, 'e2e/apps/ruby-rack'), app, { recursive: true });
mkdirSync(join(app, 'vendor/cache'), { recursive: true });
for (const g of gems) copyFileSync(g.file, join(app, 'vendor/cache', basename(g.file)));
writeFileSync(
  join(app, 'Gemfile.lock'),
  lockfileFor(gems.map((g) => ({ name: g.name, version: g.version, ...(g.name === 'rack' ? { requirement: '~> 2.2' } : {}) })), { bundledWith: toolchain.bundlerVersion, rubyVersion: toolchain.version }),
);
const trivial = join(work, 'trivial');
mkdirSync(trivial);
writeFileSync(join(trivial, 'Procfile'), 'web: sleep 1000\n');

let n = 0;
// `bpkit stage`, end to end through the local platform (upload, detect, droplet and cache compression).
// Asynchronous: the dependency server answers from this process's event loop.
function platformStage(dir, name, extra = []) {
  const out = join(work, `out-${n++}`);
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bpkitCli, 'stage', dir, '--name', name, '-o', out, ...extra], { env });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`staging ${dir} failed:\n${log}`));
      else resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, log });
    });
  });
}

await platformStage(trivial, 'warmup-binary', ['-b', 'binary_buildpack']);
await platformStage(app, 'warmup-ruby');
// The buildpack's phases run with the stack's PATH (no ruby, no node on it), as on the platform.
const stackPath = join(env.BPKIT_HOME, 'stacks', 'cflinuxfs4', 'bin');
if (!existsSync(join(stackPath, 'bash'))) throw new Error(`no stack PATH at ${stackPath}`);
const phaseEnv = { PATH: stackPath, CF_STACK: 'cflinuxfs4', BPKIT_NODE: process.execPath, BP_DEBUG: '1', HOME: work, LANG: 'C.UTF-8' };
const buildpack = join(system, 'ruby', 'build');

// The floor under a cold staging: the system tar unpacking the Ruby and Bundler tarballs. Measured next to
// each staging (this machine's speed drifts by 2-3× within minutes), so each run yields its own difference.
let unpacks = 0;
function unpackFloor() {
  const dir = join(work, `unpack-${unpacks++}`);
  const script = 'mkdir -p "$1/r" "$1/b" && tar -xzf "$2" -C "$1/r" && tar -xzf "$3" -C "$1/b"';
  const ms = timeCommand('sh', ['-c', script, 'x', dir, toolchain.rubyTarball, toolchain.bundlerTarball], { runs: 1, warmup: 0 });
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

const cold = [];
const warm = [];
const bundle = [];
const floor = [];
for (let i = 0; i < runs; i++) {
  const cacheDir = join(work, `cache-${i}`);
  floor.push(unpackFloor());
  const c = await stagePhases({ buildpack, app, cacheDir, work, env: phaseEnv });
  const took = /bundle install took (\d+) ms/.exec(c.log);
  if (!took) throw new Error(`no bundle install timing in:\n${c.log}`);
  const w = await stagePhases({ buildpack, app, cacheDir, work, env: phaseEnv });
  if (!w.log.includes('skipping bundle install')) throw new Error(`restage ran bundle install:\n${w.log}`);
  cold.push(c.ms);
  warm.push(w.ms);
  bundle.push(Number(took[1]));
}

// For context: the same through `bpkit stage`, where the droplet (with Ruby's 40 MB) is compressed each time.
const platformBase = [];
const platformCold = [];
const platformWarm = [];
for (let i = 0; i < runs; i++) {
  platformBase.push((await platformStage(trivial, `binary-${i}`, ['-b', 'binary_buildpack'])).ms);
  platformCold.push((await platformStage(app, `platform-${i}`)).ms);
  platformWarm.push((await platformStage(app, `platform-${i}`)).ms);
}
await server.close();

const coldMs = median(cold);
const warmMs = median(warm);
const bundleMs = median(bundle);
const overhead = median(cold.map((ms, i) => ms - (bundle[i] ?? 0)));
const beyondFloor = median(cold.map((ms, i) => ms - (bundle[i] ?? 0) - (floor[i] ?? 0)));
const pCold = median(platformCold);
const pWarm = median(platformWarm);
report([
  { name: 'cold staging, Rack app (bin/supply + bin/finalize, empty cache)', ms: coldMs },
  { name: '  of which bundle install', ms: bundleMs },
  {
    name: 'warm restage, unchanged Gemfile.lock',
    ms: warmMs,
    ratio: warmMs / coldMs,
    against: 'cold',
    target: 0.4,
    targetLabel: '≤ 0.40× cold',
    ok: warmMs / coldMs <= 0.4,
  },
  { name: 'buildpack overhead (cold − bundle install)', ms: overhead, target: 1000, targetLabel: '≤ 1000 ms', ok: overhead <= 1000 },
  { name: '  tar -xzf of the Ruby and Bundler tarballs (floor)', ms: median(floor) },
  { name: '  overhead beyond the unpack floor (per run, then median)', ms: beyondFloor },
  { name: 'bpkit stage, binary buildpack, trivial app (platform alone)', ms: median(platformBase) },
  { name: 'bpkit stage, Rack app, cold', ms: pCold },
  { name: 'bpkit stage, Rack app, restage', ms: pWarm, ratio: pWarm / pCold, against: 'cold' },
]);
rmSync(work, { recursive: true, force: true });
