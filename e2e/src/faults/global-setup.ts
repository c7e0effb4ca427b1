// Clears the fault suite's verdicts before the run and prints their summary table after it.
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type FaultRecord, RESULTS_DIR, summaryTable } from './fault-case.ts';

export async function setup(): Promise<void> {
  await rm(RESULTS_DIR, { recursive: true, force: true });
}

export async function teardown(): Promise<void> {
  const files = await readdir(RESULTS_DIR).catch(() => [] as string[]);
  if (files.length === 0) return;
  const records = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(RESULTS_DIR, f), 'utf8')) as FaultRecord));
  records.sort((a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name));
  process.stdout.write(`\nFault and bad-input suite\n${summaryTable(records)}\n\n`);
}
