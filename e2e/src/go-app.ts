import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './workspace.ts';

const run = promisify(execFile);

/** The machine's Go toolchain: `go` on PATH, else Debian's golang-go location. */
export function goBinary(): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'go'))) return join(dir, 'go');
  }
  if (existsSync('/usr/lib/go/bin/go')) return '/usr/lib/go/bin/go';
  throw new Error('no Go toolchain found: install golang-go (./scripts/setup does)');
}

/** Offline, shared-cache settings for every Go build the tests run. */
export function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CGO_ENABLED: '0',
    GOTOOLCHAIN: 'local',
    GOPROXY: 'off',
    GO111MODULE: 'off',
    GOCACHE: process.env.GOCACHE ?? join(tmpdir(), 'bpkit-e2e-gocache'),
  };
}

const built = new Map<string, Promise<string>>();

/** Compiles a Go program of e2e/apps once per test process; returns the static binary. */
export function goAppBinary(app: string): Promise<string> {
  let binary = built.get(app);
  if (!binary) {
    binary = (async () => {
      const out = await mkdtemp(join(tmpdir(), `bpkit-${app}-`));
      await run(goBinary(), ['build', '-o', join(out, 'app'), join(REPO_ROOT, 'e2e', 'apps', app, 'main.go')], { env: goEnv() });
      return join(out, 'app');
    })();
    built.set(app, binary);
  }
  return binary;
}

/** The seed server (e2e/apps/go-hello), compiled. */
export function seedBinary(): Promise<string> {
  return goAppBinary('go-hello');
}

/** A fresh app directory holding the compiled seed binary, plus any extra files (Procfile, .profile.d, ...). */
export async function seedApp(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bpkit-app-'));
  await copyFile(await seedBinary(), join(dir, 'app'));
  for (const [name, body] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), body, { mode: 0o755 });
  }
  return dir;
}
