// `bpkit stage` of the seed app with the binary buildpack, against `node -e 0` in the same run.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { report, timeCommand } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'bpkit-bench-stage-'));
const app = join(work, 'app');
execFileSync('go', ['build', '-o', join(work, 'app-bin'), join(root, 'e2e/apps/go-hello/main.go')], {
  env: { ...process.env, CGO_ENABLED: '0', GO111MODULE: 'off', GOTOOLCHAIN: 'local', GOPROXY: 'off' },
});
execFileSync('mkdir', ['-p', app]);
copyFileSync(join(work, 'app-bin'), join(app, 'app'));
writeFileSync(join(app, 'Procfile'), 'web: ./app\n');
const env = { ...process.env, BPKIT_HOME: join(work, 'home') };
const bpkit = join(root, 'packages/cli/dist/bpkit.mjs');

const node = timeCommand(process.execPath, ['-e', '0'], { runs: 15 });
const stage = timeCommand(process.execPath, [bpkit, 'stage', app, '-b', 'binary_buildpack', '-o', join(work, 'out')], {
  runs: 7,
  env,
  check: true,
});
report([
  { name: 'node -e 0 (baseline)', ms: node },
  { name: 'bpkit stage (binary, seed app)', ms: stage, ratio: stage / node, against: 'node -e 0', target: 1000, targetLabel: '≤ 1000 ms', ok: stage <= 1000 },
]);
