// `pnpm bench`: every benchmark, each printed with its baseline from the same run and its target.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const node = (file, ...args) => [process.execPath, join(root, file), ...args];
const suites = [
  ['bin/* of the binary buildpack (issue 2)', 'packages/bundle/bench/phases.mjs', node('packages/bundle/bench/phases.mjs', 'buildpacks/binary/build')],
  ['bpkit stage of the seed app (issue 2)', 'e2e/bench/stage.mjs', node('e2e/bench/stage.mjs')],
  ['dependency install vs curl | sha256sum; tar -xzf (issue 3)', 'packages/dependency/bench/install.bench.ts', ['pnpm', '--filter', '@bpkit/dependency', 'bench']],
  ['packaging vs zip -r (issue 3)', 'packages/packager/bench/package.bench.mjs', node('packages/packager/bench/package.bench.mjs')],
  ['go buildpack (issue 5)', 'e2e/bench/go.mjs', node('e2e/bench/go.mjs')],
  ['ruby buildpack (issue 6)', 'e2e/bench/ruby.mjs', node('e2e/bench/ruby.mjs')],
  ['node.js buildpack (issue 7)', 'e2e/bench/node.mjs', node('e2e/bench/node.mjs')],
  ['what a foundation pays: zips through dist/builder, no Node on the stack (issue 15)', 'e2e/bench/foundation.bench.ts', ['pnpm', '--filter', '@bpkit/e2e', 'bench']],
];
const only = process.argv.slice(2);
// Like `pnpm test`: the suites' temp files go to a directory deleted at the end; toolchains stay cached.
const tmp = mkdtempSync(join(tmpdir(), 'bpkit-bench-'));
const env = { ...process.env, BPKIT_E2E_CACHE: process.env.BPKIT_E2E_CACHE ?? join(tmpdir(), 'bpkit-e2e-cache'), TMPDIR: tmp };
let failed = 0;
for (const [title, file, [cmd, ...args]] of suites) {
  if (!existsSync(join(root, file))) continue;
  if (only.length > 0 && !only.some((o) => title.includes(o) || file.includes(o))) continue;
  console.log(`\n== ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env });
  if (r.status !== 0) failed++;
}
rmSync(tmp, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
