import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type RuleResult, failed, passed } from '../violation.ts';
import { zipEntries } from '../zip-archive.ts';

/** The scripts the builder runs (compile is legacy and optional; a bpkit buildpack has it anyway). */
export const REQUIRED_SCRIPTS = ['detect', 'supply', 'finalize', 'release'] as const;

const octal = (mode: number): string => (mode & 0o7777).toString(8).padStart(4, '0');

function check(found: Map<string, number | undefined>, where: string): RuleResult {
  const problems: string[] = [];
  for (const script of REQUIRED_SCRIPTS) {
    if (!found.has(script)) problems.push(`bin/${script} is missing${where}`);
  }
  for (const [script, mode] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
    if (mode === undefined) problems.push(`bin/${script} must be 0755, has no Unix mode${where}`);
    else if ((mode & 0o777) !== 0o755) problems.push(`bin/${script} must be 0755, is ${octal(mode)}${where}`);
  }
  return problems.length ? failed('bin-mode', ...problems) : passed('bin-mode');
}

/**
 * [bin-mode] A buildpack directory has bin/detect, supply, finalize and release, and every file in
 * bin/ is mode 0755: the builder execs them directly, and a 0644 script fails staging on CF with an
 * opaque "permission denied".
 */
export async function binModeInDirectory(bpDir: string): Promise<RuleResult> {
  const found = new Map<string, number | undefined>();
  const names = await readdir(join(bpDir, 'bin')).catch(() => [] as string[]);
  for (const name of names) {
    const s = await stat(join(bpDir, 'bin', name));
    if (s.isFile()) found.set(name, s.mode);
  }
  return check(found, '');
}

/** [bin-mode] The same, for the entries of a buildpack zip (their recorded Unix modes). */
export async function binModeInZip(zipPath: string): Promise<RuleResult> {
  const found = new Map<string, number | undefined>();
  for (const entry of await zipEntries(zipPath)) {
    const m = /^bin\/([^/]+)$/.exec(entry.name);
    if (m && !entry.directory) found.set(m[1] as string, entry.mode);
  }
  return check(found, ' in the zip');
}
