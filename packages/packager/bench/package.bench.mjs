#!/usr/bin/env node
// Packaging a cached zip of a buildpack with a ~100 MB dependency (`bpkit package --cached`, download
// cache warm) against `zip -r` of the same tree, in one run, round-robin; prints medians and the ratio
// against the target (<= 1.5x). The cold first run (file:// "download" into the cache) is shown too.
// Usage: node packages/packager/bench/package.bench.mjs [--runs N] [--size MB] [--json]
// Needs the bundled CLI: `pnpm build` (packages/cli/dist/bpkit.mjs with the package command).
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, openSync, closeSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const TARGET_RATIO = 1.5;

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cli = join(root, 'packages', 'cli', 'dist', 'bpkit.mjs');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function timed(file, args, options) {
  const start = process.hrtime.bigint();
  const r = spawnSync(file, args, { encoding: 'utf8', ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return { ms, stdout: r.stdout };
}

/** A buildpack tree: the built binary buildpack's files when present, plus a manifest with one big dependency. */
function makeTree(work, sizeMb) {
  const bp = join(work, 'buildpack');
  const built = join(root, 'buildpacks', 'binary', 'build');
  if (existsSync(join(built, 'bin'))) cpSync(built, bp, { recursive: true });
  else {
    mkdirSync(join(bp, 'bin'), { recursive: true });
    writeFileSync(join(bp, 'bin', 'supply'), '#!/bin/sh\n', { mode: 0o755 });
  }
  // Random bytes, like any real .tgz: incompressible.
  const dep = join(work, 'source', 'big_1.0.0_linux_x64_cflinuxfs4_00000000.tgz');
  mkdirSync(dirname(dep), { recursive: true });
  const hash = createHash('sha256');
  const fd = openSync(dep, 'w');
  for (let left = sizeMb; left > 0; left -= 1) {
    const chunk = randomBytes(1024 * 1024);
    hash.update(chunk);
    writeSync(fd, chunk);
  }
  closeSync(fd);
  const uri = pathToFileURL(dep).href;
  writeFileSync(
    join(bp, 'manifest.yml'),
    `language: bench\ndependencies:\n- name: big\n  version: 1.0.0\n  uri: ${uri}\n  sha256: ${hash.digest('hex')}\n  cf_stacks:\n  - cflinuxfs4\n`,
  );
  writeFileSync(join(bp, 'VERSION'), '1.0.0');
  rmSync(join(bp, 'lib', 'node-runtime'), { force: true });
  return { bp, dep, uri };
}

/**
 * @param {{ runs?: number, sizeMb?: number }} options
 */
export function benchPackaging({ runs = 5, sizeMb = 100 } = {}) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`pnpm build\` first`);
  const work = mkdtempSync(join(tmpdir(), 'bpkit-package-bench-'));
  try {
    const { bp, dep, uri } = makeTree(work, sizeMb);
    const cache = join(work, 'cache');
    const out = join(work, 'out');
    const pkg = ['package', bp, '--cached', '--cache-dir', cache, '-o', out];
    const cold = timed(process.execPath, [cli, ...pkg]);
    const zipPath = join(out, 'bench_buildpack-cached-v1.0.0.zip');

    // The same tree zip -r sees: the buildpack plus dependencies/<md5(uri)>/<basename> (a hard link, no copy).
    const tree = join(work, 'tree');
    cpSync(bp, tree, { recursive: true });
    const vendored = join(tree, 'dependencies', createHash('md5').update(uri).digest('hex'), basename(dep));
    mkdirSync(dirname(vendored), { recursive: true });
    linkSync(dep, vendored);

    const samples = { bpkit: [], zip: [] };
    for (let i = 0; i < runs; i += 1) {
      samples.bpkit.push(timed(process.execPath, [cli, ...pkg]).ms);
      rmSync(join(work, 'zip-r.zip'), { force: true });
      samples.zip.push(timed('zip', ['-q', '-r', join(work, 'zip-r.zip'), '.'], { cwd: tree }).ms);
    }
    const result = {
      runs,
      sizeMb,
      coldMs: cold.ms,
      bpkitMs: median(samples.bpkit),
      zipMs: median(samples.zip),
      bpkitBytes: statSync(zipPath).size,
      zipBytes: statSync(join(work, 'zip-r.zip')).size,
    };
    return { ...result, ratio: result.bpkitMs / result.zipMs, target: TARGET_RATIO };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function formatPackaging(r) {
  const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;
  return [
    `tree: a built buildpack + one ${r.sizeMb} MB dependency; median of ${r.runs} runs, round-robin`,
    `  bpkit package --cached (cache warm)  ${r.bpkitMs.toFixed(0).padStart(6)} ms   zip ${mb(r.bpkitBytes)}`,
    `  zip -r of the same tree              ${r.zipMs.toFixed(0).padStart(6)} ms   zip ${mb(r.zipBytes)}`,
    `  bpkit package --cached (cold cache)  ${r.coldMs.toFixed(0).padStart(6)} ms   (file:// download + sha256 into the cache, once)`,
    `ratio bpkit / zip -r: ${r.ratio.toFixed(2)}x (target <= ${r.target}x) ${r.ratio <= r.target ? 'OK' : 'MISSED'}`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, size: { type: 'string' }, json: { type: 'boolean' } } });
  const result = benchPackaging({ runs: Number(values.runs ?? 5), sizeMb: Number(values.size ?? 100) });
  console.log(values.json ? JSON.stringify(result) : formatPackaging(result));
  process.exitCode = result.ratio <= result.target ? 0 : 1;
}
