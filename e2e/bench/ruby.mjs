// Ruby buildpack staging: cold staging of the Rack app (no app cache), warm restage (same app, unchanged
// Gemfile.lock) and the buildpack's own overhead, with the platform's staging of a trivial app through the binary
// buildpack as the baseline, all measured in this run. Uses the cached relocatable Ruby of the e2e tests
// (built on first use, minutes) served from a loopback dependency server.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, report } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'bpkit-bench-ruby-'));
const bpkitCli = join(root, 'packages/cli/dist/bpkit.mjs');

// The fixtures are TypeScript (e2e/src/ruby-toolchain.ts, @bpkit/dep-server): bundle them for this Node.
const esbuild = createRequire(join(root, 'tooling/bundle/package.json'))('esbuild');
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
// Log lines that split a staging into its parts (time of the chunk that carried them).
const MARKS = [
  ['header', /Buildpack version/],
  ['installs', /-----> Installing bundler/],
  ['gems', /-----> Installing dependencies using bundler/],
  ['finalize', /-----> Finalizing Ruby/],
];
// Asynchronous: the dependency server answers from this process's event loop.
function stage(dir, name, extra = []) {
  const out = join(work, `out-${n++}`);
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bpkitCli, 'stage', dir, '--name', name, '-o', out, ...extra], { env });
    let stdout = '';
    let stderr = '';
    const marks = {};
    child.stdout.on('data', (d) => {
      stdout += d;
      const now = Number(process.hrtime.bigint() - start) / 1e6;
      for (const [mark, re] of MARKS) if (marks[mark] === undefined && re.test(stdout)) marks[mark] = now;
      if (process.env.BENCH_TRACE) {
        const t = (Number(process.hrtime.bigint() - start) / 1e6).toFixed(0).padStart(6);
        for (const line of String(d).split('\n')) if (line) process.stderr.write(`${t} ms ${line}\n`);
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`staging ${dir} failed:\n${stdout}\n${stderr}`));
      else resolve({ ms, stdout, marks });
    });
  });
}

await stage(trivial, 'warmup-binary', ['-b', 'binary_buildpack']);
await stage(app, 'warmup-ruby');
const baseline = [];
const cold = [];
const bundle = [];
const warm = [];
const installs = [];
const supplyLogic = [];
const tail = [];
for (let i = 0; i < runs; i++) {
  baseline.push((await stage(trivial, `binary-${i}`, ['-b', 'binary_buildpack'])).ms);
  const c = await stage(app, `cold-${i}`, ['-e', 'BP_DEBUG=1']);
  cold.push(c.ms);
  const took = /bundle install took (\d+) ms/.exec(c.stdout);
  if (!took) throw new Error(`no bundle install timing in:\n${c.stdout}`);
  bundle.push(Number(took[1]));
  installs.push(c.marks.gems - c.marks.installs);
  supplyLogic.push(c.marks.finalize - c.marks.header - (c.marks.gems - c.marks.installs) - Number(took[1]));
  tail.push(c.ms - c.marks.finalize);
  const w = await stage(app, `cold-${i}`);
  if (!w.stdout.includes('skipping bundle install')) throw new Error(`restage ran bundle install:\n${w.stdout}`);
  warm.push(w.ms);
}
await server.close();

const base = median(baseline);
const coldMs = median(cold);
const warmMs = median(warm);
const bundleMs = median(bundle);
const overhead = coldMs - bundleMs - base;
report([
  { name: 'bpkit stage, binary buildpack, trivial app (platform baseline)', ms: base },
  { name: 'bundle install inside the cold staging', ms: bundleMs },
  { name: '  ruby + bundler install (core installer: fetch, sha256, untar)', ms: median(installs) },
  { name: '  supply minus installs and bundle install (version, env, cache, profile.d)', ms: median(supplyLogic) },
  { name: '  finalize start → droplet and cache packed (finalize, release, tar -czf)', ms: median(tail) },
  { name: 'cold staging, Rack app (no app cache)', ms: coldMs, ratio: coldMs / base, against: 'baseline' },
  {
    name: 'warm restage, unchanged Gemfile.lock',
    ms: warmMs,
    ratio: warmMs / coldMs,
    against: 'cold',
    target: 0.4,
    targetLabel: '≤ 0.40× cold',
    ok: warmMs / coldMs <= 0.4,
  },
  {
    name: 'buildpack overhead (cold − bundle install − baseline)',
    ms: overhead,
    target: 1000,
    targetLabel: '≤ 1000 ms',
    ok: overhead <= 1000,
  },
]);
