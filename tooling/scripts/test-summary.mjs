// Adds up every package's vitest JSON report into the one closing line CI reads: "N passed, N failed".
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const group of ['packages', 'buildpacks', 'tooling']) {
  for (const name of readdirSync(join(root, group))) reportOf(join(group, name));
}
reportOf('e2e');

function reportOf(dir) {
  if (!existsSync(join(root, dir, 'package.json'))) return;
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  if (!pkg.scripts?.test) return;
  const file = join(root, dir, 'test-results.json');
  if (!existsSync(file)) {
    missing.push(dir);
    return;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
if (missing.length > 0) console.log(`no test report from: ${missing.join(', ')}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
