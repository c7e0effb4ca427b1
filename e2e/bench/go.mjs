// Go buildpack staging against a plain `go build` of the same app, in one run:
//   cold staging ÷ `go build -tags cloudfoundry -buildmode pie` with an empty GOCACHE   (target ≤ 1.15)
//   warm restage ÷ cold staging                                                        (target ≤ 0.15)
//   droplet size ≤ compiled binary + app source + 1 MiB
// The toolchain is the machine's Go packed as an upstream-style tarball (as e2e/src/go-toolchain.ts
// does) and served from a loopback HTTP server; `bpkit stage` runs with a copy of the built buildpack.
//   node e2e/bench/go.mjs [--runs N] [--timeline]
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const timeline = args.includes('--timeline');
const bpkit = join(root, 'packages/cli/dist/bpkit.mjs');
const work = mkdtempSync(join(tmpdir(), 'bpkit-bench-go-'));
const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '' };

// The toolchain tarball: upstream layout (top dir go/), shared with the e2e cache.
const go = (...a) => execFileSync('go', a, { env: goEnv }).toString().trim();
const version = go('env', 'GOVERSION').replace(/^go/, '');
const goRoot = go('env', 'GOROOT');
const osArch = `${go('env', 'GOOS')}_${go('env', 'GOARCH')}`;
const depDir = join(process.env.BPKIT_E2E_CACHE ?? join(tmpdir(), 'bpkit-e2e-cache'), `go-${version}`);
const tarball = join(depDir, `go_${version}_linux_x64_cflinuxfs4.tgz`);
if (!existsSync(tarball)) {
  mkdirSync(depDir, { recursive: true });
  const top = basename(goRoot);
  execFileSync('tar', ['-czhf', `${tarball}.partial`, '-C', dirname(goRoot), `--exclude=${top}/pkg/${osArch}`, `--transform=s,^${top.replace(/\./g, '\\.')},go,`, top]);
  renameSync(`${tarball}.partial`, tarball);
}
const sha256 = createHash('sha256').update(readFileSync(tarball)).digest('hex');

const server = createServer((req, res) => {
  if (req.url !== `/${basename(tarball)}`) return res.writeHead(404).end();
  res.writeHead(200, { 'Content-Length': statSync(tarball).size });
  createReadStream(tarball).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/${basename(tarball)}`;

const bp = join(work, 'go_buildpack');
cpSync(join(root, 'buildpacks/go/build'), bp, { recursive: true });
writeFileSync(
  join(bp, 'manifest.yml'),
  `language: go\ndefault_versions:\n- name: go\n  version: ${version}\ndependencies:\n- name: go\n  version: ${version}\n  uri: ${url}\n  sha256: ${sha256}\n  cf_stacks:\n  - cflinuxfs4\n`,
);

const app = join(work, 'app');
mkdirSync(app);
cpSync(join(root, 'e2e/apps/go-module'), app, { recursive: true });

/** `bpkit stage`, timed; with --timeline, each output line with its offset. */
function stage(name, home) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [bpkit, 'stage', app, '-b', bp, '--name', name, '-o', join(work, `out-${name}`)], {
      env: { ...process.env, BPKIT_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (timeline) for (const line of d.toString().split('\n').filter(Boolean)) console.log(`${(ms / 1000).toFixed(2).padStart(7)} s  ${line}`);
      out += d;
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`bpkit stage exited ${code}:\n${out}`));
      else resolve({ ms, out });
    });
  });
}

function plainBuild(i) {
  const cache = join(work, `gocache-${i}`);
  const start = process.hrtime.bigint();
  execFileSync('go', ['build', '-tags', 'cloudfoundry', '-buildmode', 'pie', '-o', join(work, 'plain-bin'), '.'], {
    cwd: app,
    env: { ...goEnv, GOCACHE: cache },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  rmSync(cache, { recursive: true, force: true });
  return ms;
}

const plain = [];
const cold = [];
const warm = [];
let dropletBytes = 0;
try {
  for (let i = 0; i < runs; i++) {
    plain.push(plainBuild(i));
    const home = join(work, `home-${i}`);
    cold.push((await stage('bench', home)).ms);
    warm.push((await stage('bench', home)).ms);
    dropletBytes = statSync(join(work, 'out-bench', 'droplet.tgz')).size;
    rmSync(home, { recursive: true, force: true });
  }
} finally {
  server.close();
}

const sourceBytes = readdirSync(app).reduce((n, f) => n + statSync(join(app, f)).size, 0);
const binaryBytes = statSync(join(work, 'plain-bin')).size;
const p = median(plain);
const c = median(cold);
const w = median(warm);
const limit = binaryBytes + sourceBytes + (1 << 20);
const rows = [
  ['go build -tags cloudfoundry -buildmode pie, empty GOCACHE', p],
  ['bpkit stage, cold (empty app cache)', c, c / p, 'go build', 1.15],
  ['bpkit stage, warm restage', w, w / c, 'cold', 0.15],
];
console.log(`Go ${version}, seed app as a module, ${runs} run(s) each, medians`);
for (const [name, ms, ratio, against, target] of rows) {
  const r = ratio === undefined ? '' : `  ${ratio.toFixed(2)}× ${against}  target ≤ ${target}  ${ratio <= target ? 'OK' : 'MISSED'}`;
  console.log(`${name.padEnd(58)} ${(ms / 1000).toFixed(2).padStart(7)} s${r}`);
}
const mib = (n) => `${(n / 1048576).toFixed(2)} MiB`;
console.log(
  `droplet.tgz ${mib(dropletBytes)}  limit ${mib(limit)} (binary ${mib(binaryBytes)} + source ${sourceBytes} B + 1 MiB)  ${dropletBytes <= limit ? 'OK' : 'MISSED'}`,
);
rmSync(work, { recursive: true, force: true });
