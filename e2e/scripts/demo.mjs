// The main job: compile the seed Go server, write the manifest.yml a cf user would, `bpkit push` it through bpkit's
// stager with the binary buildpack, show it answering over HTTP after push has returned, then delete it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bpkit = join(root, 'packages/cli/dist/bpkit.mjs');
const go = ['/usr/bin/go', '/usr/lib/go/bin/go'].find(existsSync) ?? 'go';
const appDir = mkdtempSync(join(tmpdir(), 'bpkit-demo-app-'));
console.log(`$ go build -o ${appDir}/app e2e/apps/go-hello/main.go`);
execFileSync(go, ['build', '-o', join(appDir, 'app'), join(root, 'e2e/apps/go-hello/main.go')], {
  stdio: 'inherit',
  env: { ...process.env, CGO_ENABLED: '0', GO111MODULE: 'off', GOTOOLCHAIN: 'local', GOPROXY: 'off' },
});
const manifest = `applications:
- name: go-hello
  buildpacks: [binary-buildpack]
  command: ./app
  memory: 64M
`;
writeFileSync(join(appDir, 'manifest.yml'), manifest);
console.log(`$ cat manifest.yml\n${manifest}`);

const dataDir = join(root, '.bpkit', 'demo');
mkdirSync(dataDir, { recursive: true });
const cf = (args) => {
  console.log(`$ bpkit ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [bpkit, ...args, '--data-dir', dataDir], { cwd: appDir, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(`${r.stdout}\n`);
  return r;
};

const pushed = cf(['push']);
const route = /^routes:\s+(\S+)$/m.exec(pushed.stdout)?.[1];
let ok = false;
if (pushed.status === 0 && route) {
  const res = await fetch(route);
  const text = await res.text();
  console.log(`$ curl ${route}\n${text}\n`);
  ok = res.status === 200 && text === 'Hello, world!';
  cf(['apps']);
}
cf(['delete', 'go-hello', '-f']);
process.exitCode = ok ? 0 : pushed.status || 1;
