// The main job: compile the seed Go server, push it through bpkit's stager with the binary buildpack,
// show it answering over HTTP, then stop it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const go = ['/usr/bin/go', '/usr/lib/go/bin/go'].find(existsSync) ?? 'go';
const appDir = mkdtempSync(join(tmpdir(), 'bpkit-demo-app-'));
console.log(`$ go build -o ${appDir}/app e2e/apps/go-hello/main.go`);
execFileSync(go, ['build', '-o', join(appDir, 'app'), join(root, 'e2e/apps/go-hello/main.go')], {
  stdio: 'inherit',
  env: { ...process.env, CGO_ENABLED: '0', GO111MODULE: 'off', GOTOOLCHAIN: 'local', GOPROXY: 'off' },
});
writeFileSync(join(appDir, 'Procfile'), 'web: ./app\n');

const dataDir = join(root, '.bpkit', 'demo');
mkdirSync(dataDir, { recursive: true });
console.log(`$ bpkit push ${appDir} --name go-hello -b binary_buildpack\n`);
const push = spawn(process.execPath, [join(root, 'packages/cli/dist/bpkit.mjs'), 'push', appDir, '--name', 'go-hello', '-b', 'binary_buildpack', '--data-dir', dataDir], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
const done = new Promise((resolve) => push.on('close', (code) => resolve(code ?? 1)));
push.stdout.on('data', async (chunk) => {
  process.stdout.write(chunk);
  const before = out;
  out += chunk.toString();
  const m = /^routes:\s+(\S+)$/m.exec(out);
  if (m && !/^routes:/m.test(before)) {
    await new Promise((r) => setTimeout(r, 200));
    const res = await fetch(m[1]);
    const text = await res.text();
    console.log(`\n$ curl ${m[1]}\n${text}\n`);
    push.kill('SIGINT');
    process.exitCode = res.status === 200 && text === 'Hello, world!' ? 0 : 1;
  }
});
const code = await done;
if (!/^routes:/m.test(out)) process.exitCode = code || 1;
