// `pnpm bench`: every benchmark, each printed with its baseline from the same run and its target.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const suites = [
  ['bin/* of the binary buildpack', 'tooling/bundle/bench/phases.mjs', 'buildpacks/binary/build'],
  ['staging', 'e2e/bench/stage.mjs'],
  ['dependency install', 'packages/dependency/bench/install.bench.mjs'],
  ['packaging', 'packages/packager/bench/package.bench.mjs'],
];
let failed = 0;
for (const [title, file, ...args] of suites) {
  if (!existsSync(join(root, file))) continue;
  console.log(`\n== ${title} (${file})`);
  const r = spawnSync(process.execPath, [join(root, file), ...args], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
