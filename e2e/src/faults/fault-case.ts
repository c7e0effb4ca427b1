// The fault and bad-input suite's frame: every case runs real bpkit processes in a sandbox of its own and is
// judged the same three ways (its own assertions, no crash, nothing written outside its target); each
// verdict is recorded for the summary table the suite's global teardown prints.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { it } from 'vitest';
import { type Finished, bpkit } from '../bpkit.ts';
import { REPO_ROOT } from '../workspace.ts';

/** Where each case leaves its verdict; the global teardown reads them all. */
export const RESULTS_DIR = join(REPO_ROOT, 'e2e', '.fault-results');

export interface FaultRecord {
  group: string;
  name: string;
  passed: boolean;
  crashes: number;
  outsideWrites: string[];
}

export interface Sandbox {
  /** The case's own directory: targets go below it. */
  root: string;
  /**
   * Name hostile inputs give their payloads (`bpkit-evil-…`): found anywhere but inside an allowed
   * target, it is a write outside the target.
   */
  marker: string;
  /** A fresh platform (BPKIT_HOME in the sandbox) with the workspace's buildpacks as system buildpacks. */
  env: NodeJS.ProcessEnv;
  /** Runs bpkit; every run is checked for a crash. */
  run(args: string[], env?: NodeJS.ProcessEnv): Promise<Finished>;
  /** Counts a process the case started itself (a signalled push) in the crash check. */
  observe(finished: Finished): void;
  /** Paths (absolute) where a payload may legitimately appear. */
  allow(...dirs: string[]): void;
}

/** Node's uncaught-exception report, an assertion inside a library, or a signal death from a bug. */
export function crashed(f: Finished): boolean {
  const text = `${f.stdout}\n${f.stderr}`;
  return (
    /^\s+at .+[(\s][^()\s]*:\d+:\d+\)?$/m.test(text) ||
    /\bnode:internal\//.test(text) ||
    /\b(?:AssertionError|ERR_ASSERTION|Uncaught|UnhandledPromiseRejection|FATAL ERROR|Segmentation fault)\b/.test(text) ||
    f.code === 134 ||
    f.code === 139
  );
}

async function findMarked(dir: string, marker: string, allowed: string[], found: string[]): Promise<void> {
  if (allowed.some((a) => dir === a)) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.name.includes(marker)) found.push(path);
    if (e.isDirectory() && !e.isSymbolicLink()) await findMarked(path, marker, allowed, found);
  }
}

/** Payloads found outside the allowed dirs: in the sandbox, in TMPDIR's top level, in the repo's top level. */
async function outsideWrites(root: string, marker: string, allowed: string[]): Promise<string[]> {
  const found: string[] = [];
  await findMarked(root, marker, allowed, found);
  for (const top of [tmpdir(), '/tmp', REPO_ROOT, join(REPO_ROOT, 'e2e')]) {
    const names = await readdir(top).catch(() => [] as string[]);
    for (const name of names) if (name.includes(marker)) found.push(join(top, name));
  }
  return [...new Set(found)].map((p) => (p.startsWith(root) ? `<sandbox>/${relative(root, p)}` : p));
}

async function record(r: FaultRecord): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(join(RESULTS_DIR, `${Date.now()}-${randomBytes(4).toString('hex')}.json`), JSON.stringify(r));
}

/**
 * One fault case: `body` drives bpkit and asserts the clear error and exit code it expects. The case passes
 * only if that holds, no process crashed and no payload was written outside an allowed target.
 */
export function faultCase(group: string, name: string, body: (sb: Sandbox) => Promise<void>, timeoutMs = 120_000): void {
  it(`${group}: ${name}`, async () => {
    const root = await mkdtemp(join(tmpdir(), 'bpkit-fault-'));
    const marker = `bpkit-evil-${randomBytes(4).toString('hex')}`;
    const env: NodeJS.ProcessEnv = { ...process.env, BPKIT_HOME: join(root, 'home') };
    const runs: Finished[] = [];
    const allowed: string[] = [];
    const sb: Sandbox = {
      root,
      marker,
      env,
      run: async (args, runEnv = env) => {
        const f = await bpkit(args, runEnv);
        runs.push(f);
        return f;
      },
      observe: (f) => void runs.push(f),
      allow: (...dirs) => void allowed.push(...dirs),
    };
    let passed = false;
    let failure: unknown;
    try {
      await body(sb);
      passed = true;
    } catch (error) {
      failure = error;
    }
    const crashes = runs.filter(crashed);
    const outside = await outsideWrites(root, marker, allowed);
    const verdict = passed && crashes.length === 0 && outside.length === 0;
    await record({ group, name, passed: verdict, crashes: crashes.length, outsideWrites: outside });
    // A failed case's sandbox stays for a look; a passed one may hold gigabytes (a bomb that was refused late).
    if (verdict) await rm(root, { recursive: true, force: true });
    if (failure) throw failure;
    if (crashes.length > 0) throw new Error(`crashed:\n${crashes.map((f) => `${f.stdout}\n${f.stderr}`).join('\n---\n')}`);
    if (outside.length > 0) throw new Error(`wrote outside its target: ${outside.join(', ')}`);
  }, timeoutMs);
}

/** The table: one row per group, then the total. */
export function summaryTable(records: FaultRecord[]): string {
  const groups = new Map<string, FaultRecord[]>();
  for (const r of records) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  const rows = [...groups].map(([group, rs]) => [group, rs.length, rs.filter((r) => r.passed).length, rs.reduce((n, r) => n + r.crashes, 0), rs.reduce((n, r) => n + r.outsideWrites.length, 0)] as const);
  const total = ['total', records.length, records.filter((r) => r.passed).length, records.reduce((n, r) => n + r.crashes, 0), records.reduce((n, r) => n + r.outsideWrites.length, 0)] as const;
  const header = ['fault group', 'cases', 'passed', 'crashes', 'writes outside target'];
  const all = [header, ...rows.map((r) => r.map(String)), total.map(String)];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const failed = records.filter((r) => !r.passed).map((r) => `  failed: ${r.group}: ${r.name}${r.outsideWrites.length ? ` (outside: ${r.outsideWrites.join(', ')})` : ''}`);
  return [line(header), rule, ...all.slice(1, -1).map(line), rule, line(all.at(-1) ?? []), ...failed].join('\n');
}
