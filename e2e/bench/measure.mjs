// Shared by the benchmarks: run a command N times, take the median wall time.
import { spawnSync } from 'node:child_process';

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function timeCommand(file, args, { runs = 15, env = process.env, cwd, warmup = 2, check = false } = {}) {
  const samples = [];
  for (let i = 0; i < runs + warmup; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(file, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (check && r.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i >= warmup) samples.push(ms);
  }
  return median(samples);
}

export function report(rows) {
  const w = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    const target = r.target === undefined ? '' : `  target ${r.targetLabel ?? `≤ ${r.target}`}  ${r.ok ? 'OK' : 'MISSED'}`;
    console.log(`${r.name.padEnd(w)}  ${r.ms.toFixed(1).padStart(8)} ms  ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}× ${r.against}`}${target}`);
  }
}
