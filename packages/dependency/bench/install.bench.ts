// Benchmark (not a timed test): installing a ≥100 MB .tgz from the loopback dependency server with
// installDependency (download + sha256 + extract in one streaming pass) against the two-pass baseline
// `curl -s URL | sha256sum` followed by `tar -xzf` of the same file. Target: ratio ≤ 1.0×.
// Run: pnpm --filter @bpkit/dependency bench   (BPKIT_BENCH_MB / BPKIT_BENCH_ROUNDS to adjust)
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { bench, describe } from 'vitest';
import { createLogger } from '@bpkit/log';
import { packTarball, sha256File, startDependencyServer } from '@bpkit/dep-server';
import { installDependency } from '../src/index.ts';

const MB = Number(process.env['BPKIT_BENCH_MB'] ?? 110);
const ROUNDS = Number(process.env['BPKIT_BENCH_ROUNDS'] ?? 5);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bpkit-bench-'));
  try {
    // A runtime-like tree: a few large incompressible files plus many small ones.
    const src = join(dir, 'src', 'runtime');
    await mkdir(join(src, 'lib'), { recursive: true });
    const big = 10;
    for (let i = 0; i < big; i++) await writeFile(join(src, `blob${i}.bin`), randomBytes(Math.floor((MB * 1024 * 1024) / big)));
    for (let i = 0; i < 2000; i++) await writeFile(join(src, 'lib', `f${i}.txt`), randomBytes(512).toString('base64'));
    const served = join(dir, 'served');
    await mkdir(served);
    const tgz = join(served, 'runtime.tgz');
    await packTarball(join(dir, 'src'), tgz);
    const size = (await stat(tgz)).size;
    const sha256 = await sha256File(tgz);
    const server = await startDependencyServer({ root: served });
    const url = `${server.url}/runtime.tgz`;
    const log = createLogger({ stdout: new Writable({ write: (_c, _e, cb) => cb() }), env: {} });
    const ours: number[] = [];
    const theirs: number[] = [];
    try {
      for (let round = 0; round < ROUNDS + 1; round++) {
        const target = join(dir, `ours${round}`);
        // Flush earlier writes so neither side pays for the other's page-cache writeback.
        await promisify(execFile)('sync');
        const t0 = performance.now();
        await installDependency({ dep: { name: 'runtime', version: '1.0.0', uri: url, sha256 }, targetDir: target, log, env: {} });
        const t1 = performance.now();
        const base = join(dir, `theirs${round}`);
        await promisify(execFile)('sync');
        const t2 = performance.now();
        // Async: the dependency server runs in this process and must keep serving.
        const { stdout: out } = await promisify(execFile)('bash', ['-c', `set -eo pipefail; curl -sf "$1" | sha256sum; mkdir -p "$2"; tar -xzf "$3" -C "$2"`, 'bench', url, base, tgz], {
          encoding: 'utf8',
        });
        const t3 = performance.now();
        if (!out.startsWith(sha256)) throw new Error(`baseline sha256 differs: ${out}`);
        // Round 0 warms caches (page cache, JIT, lazy imports) and is not counted.
        if (round > 0) {
          ours.push(t1 - t0);
          theirs.push(t3 - t2);
        }
        const a = await readFile(join(target, 'runtime', 'blob0.bin'));
        const b = await readFile(join(base, 'runtime', 'blob0.bin'));
        if (createHash('sha256').update(a).digest('hex') !== createHash('sha256').update(b).digest('hex')) throw new Error('extracted trees differ');
        await rm(target, { recursive: true, force: true });
        await rm(base, { recursive: true, force: true });
      }
    } finally {
      await server.close();
    }
    const mo = median(ours);
    const mt = median(theirs);
    const lines = [
      `install ${(size / 1048576).toFixed(1)} MB .tgz from 127.0.0.1, ${ROUNDS} rounds (+1 warm-up)`,
      `  bpkit installDependency (one pass):         median ${mo.toFixed(0)} ms  [${ours.map((x) => x.toFixed(0)).join(', ')}]`,
      `  curl | sha256sum, then tar -xzf (two):      median ${mt.toFixed(0)} ms  [${theirs.map((x) => x.toFixed(0)).join(', ')}]`,
      `  ratio bpkit / baseline: ${(mo / mt).toFixed(2)}x (target <= 1.00x)`,
    ];
    console.log('\n' + lines.join('\n') + '\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('dependency install', () => {
  bench('bpkit installDependency vs curl|sha256sum + tar -xzf (medians printed above)', run, { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 });
});
