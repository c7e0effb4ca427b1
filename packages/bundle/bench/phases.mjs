#!/usr/bin/env node
// Times each bin/* of a built buildpack against `node -e 0` and `sh -c true` on this machine.
// Usage: node packages/bundle/bench/phases.mjs [BUILDPACK_DIR] [--runs N] [--json]
// BUILDPACK_DIR defaults to buildpacks/binary/build. Importable: benchPhases(), formatPhases().
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Targets from the walking-skeleton issue: Node-run phases vs a bare Node start, detect absolute. */
export const TARGETS = { nodePhaseRatio: 1.3, detectMs: 5 };

/**
 * @param {{ buildpackDir: string, runs?: number, stack?: string }} options
 * @returns {{ runs: number, results: { name: string, medianMs: number, kind: 'baseline'|'sh'|'node'|'detect' }[] }}
 */
export function benchPhases({ buildpackDir, runs = 30, stack = 'cflinuxfs4' }) {
  const bp = resolve(buildpackDir);
  const work = mkdtempSync(join(tmpdir(), 'bpkit-bench-'));
  try {
    for (const d of ['app', 'cache', 'deps/0', 'deps/1', 'profile.d', 'compile-app', 'compile-cache']) {
      mkdirSync(join(work, d), { recursive: true });
    }
    const env = { ...process.env, CF_STACK: stack };
    delete env.BPKIT_NODE;
    const staging = [join(work, 'app'), join(work, 'cache'), join(work, 'deps'), '1'];
    /** @type {{ name: string, kind: 'baseline'|'sh'|'node'|'detect', file: string, args: string[], env?: NodeJS.ProcessEnv }[]} */
    const commands = [
      { name: 'sh -c true', kind: 'baseline', file: 'sh', args: ['-c', 'true'] },
      { name: 'node -e 0', kind: 'baseline', file: process.execPath, args: ['-e', '0'] },
      { name: 'bin/detect', kind: 'detect', file: join(bp, 'bin/detect'), args: [join(work, 'app')] },
      { name: 'bin/release', kind: 'sh', file: join(bp, 'bin/release'), args: [join(work, 'app')] },
      { name: 'bin/supply (node on PATH)', kind: 'node', file: join(bp, 'bin/supply'), args: staging },
      { name: 'bin/supply (BPKIT_NODE)', kind: 'node', file: join(bp, 'bin/supply'), args: staging, env: { ...env, BPKIT_NODE: process.execPath } },
      { name: 'bin/finalize', kind: 'node', file: join(bp, 'bin/finalize'), args: [...staging, join(work, 'profile.d')] },
      { name: 'bin/compile', kind: 'node', file: join(bp, 'bin/compile'), args: [join(work, 'compile-app'), join(work, 'compile-cache')] },
    ];
    const samples = commands.map(() => /** @type {number[]} */ ([]));
    // Round-robin so drift in machine load hits every command alike; the first rounds warm caches.
    const warmup = 3;
    for (let round = 0; round < runs + warmup; round += 1) {
      commands.forEach((c, i) => {
        const started = process.hrtime.bigint();
        const result = spawnSync(c.file, c.args, { env: c.env ?? env, stdio: ['ignore', 'ignore', 'pipe'] });
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const expected = c.kind === 'detect' ? [0, 1] : [0];
        if (result.error || !expected.includes(result.status ?? -1)) {
          throw new Error(`${c.name} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr?.toString() ?? ''}`);
        }
        if (round >= warmup) samples[i]?.push(ms);
      });
    }
    return { runs, results: commands.map((c, i) => ({ name: c.name, kind: c.kind, medianMs: median(samples[i] ?? []) })) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** @param {ReturnType<typeof benchPhases>} bench */
export function formatPhases(bench) {
  const by = (name) => bench.results.find((r) => r.name === name)?.medianMs ?? NaN;
  const node = by('node -e 0');
  const sh = by('sh -c true');
  const lines = [
    `buildpack phases, median of ${bench.runs} runs`,
    `${'command'.padEnd(28)}${'median'.padStart(10)}${'× node -e 0'.padStart(13)}${'× sh -c true'.padStart(14)}  target`,
  ];
  for (const r of bench.results) {
    let target = '';
    if (r.kind === 'node' || r.kind === 'sh') {
      const ok = r.medianMs <= TARGETS.nodePhaseRatio * node;
      target = `≤ ${TARGETS.nodePhaseRatio}× node -e 0: ${ok ? 'met' : 'MISSED'}`;
    } else if (r.kind === 'detect') {
      target = `≤ ${TARGETS.detectMs} ms: ${r.medianMs <= TARGETS.detectMs ? 'met' : 'MISSED'}`;
    }
    lines.push(
      `${r.name.padEnd(28)}${`${r.medianMs.toFixed(1)} ms`.padStart(10)}${`${(r.medianMs / node).toFixed(2)}×`.padStart(13)}` +
        `${`${(r.medianMs / sh).toFixed(1)}×`.padStart(14)}  ${target}`,
    );
  }
  return lines.join('\n');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { runs: { type: 'string', default: '30' }, json: { type: 'boolean', default: false } },
  });
  const defaultDir = fileURLToPath(new URL('../../../buildpacks/binary/build', import.meta.url));
  const bench = benchPhases({ buildpackDir: positionals[0] ?? defaultDir, runs: Number(values.runs) });
  process.stdout.write(values.json ? `${JSON.stringify(bench, null, 2)}\n` : `${formatPhases(bench)}\n`);
}
