// Test fixtures: buildpacks made of small bash scripts in temp dirs, and helpers that run the bundled
// builder/launcher executables and capture their two output streams separately.

import { spawn, execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildpackDirName } from '../buildpack-bits/buildpack-dir.ts';

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const builderBin = join(packageDir, 'dist', 'builder');
export const launcherBin = join(packageDir, 'dist', 'launcher');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function run(file: string, args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export type Scripts = Partial<Record<'detect' | 'supply' | 'finalize' | 'compile' | 'release', string>>;

/** A bash script body, with the shebang added. */
export function sh(body: string): string {
  return `#!/usr/bin/env bash\n${body}\n`;
}

export const RELEASE_WEB = (cmd: string): string => sh(`printf -- '---\\ndefault_process_types:\\n  web: ${cmd}\\n'`);

export class Stage {
  readonly app: string;
  readonly buildpacks: string;
  readonly downloads: string;
  readonly cache: string;
  readonly out: string;
  readonly tmp: string;

  private constructor(readonly root: string) {
    this.app = join(root, 'tmp-app');
    this.buildpacks = join(root, 'buildpacks');
    this.downloads = join(root, 'buildpackdownloads');
    this.cache = join(root, 'cache');
    this.out = join(root, 'out');
    this.tmp = join(root, 'tmp');
  }

  static async create(): Promise<Stage> {
    const stage = new Stage(await mkdtemp(join(tmpdir(), 'stager-test-')));
    for (const dir of [stage.app, stage.buildpacks, stage.downloads, stage.cache, stage.tmp]) await mkdir(dir, { recursive: true });
    return stage;
  }

  get droplet(): string {
    return join(this.out, 'droplet.tgz');
  }
  get result(): string {
    return join(this.out, 'result.json');
  }
  get outputCache(): string {
    return join(this.out, 'output-cache.tgz');
  }

  /** Installs a buildpack for `key` as CC does: <buildpacksDir>/<xxhash64(key)>/bin/*. */
  async buildpack(key: string, scripts: Scripts, options: { dir?: string; mode?: number } = {}): Promise<string> {
    const dir = options.dir ?? join(this.buildpacks, buildpackDirName(key));
    await writeBuildpack(dir, scripts, options.mode);
    return dir;
  }

  async appFile(name: string, content: string): Promise<void> {
    await mkdir(dirname(join(this.app, name)), { recursive: true });
    await writeFile(join(this.app, name), content);
  }

  flags(order: string[], skipDetect: boolean): string[] {
    return [
      `-buildDir=${this.app}`,
      `-outputDroplet=${this.droplet}`,
      `-outputMetadata=${this.result}`,
      `-outputBuildArtifactsCache=${this.outputCache}`,
      `-buildpacksDir=${this.buildpacks}`,
      `-buildpacksDownloadDir=${this.downloads}`,
      `-buildArtifactsCacheDir=${this.cache}`,
      `-buildpackOrder=${order.join(',')}`,
      `-skipDetect=${skipDetect}`,
      '-skipCertVerify=false',
    ];
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'en_US.UTF-8', TMPDIR: this.tmp, ...extra };
  }

  builder(order: string[], skipDetect: boolean, extraEnv: Record<string, string> = {}, extraArgs: string[] = []): Promise<RunResult> {
    return run(builderBin, [...this.flags(order, skipDetect), ...extraArgs], { env: this.env(extraEnv) });
  }

  async resultJson(): Promise<string> {
    return readFile(this.result, 'utf8');
  }

  dropletEntries(): string[] {
    return tarList(this.droplet);
  }

  dropletFile(entry: string): string {
    return execFileSync('tar', ['-xzOf', this.droplet, entry], { encoding: 'utf8' });
  }

  async extractDroplet(): Promise<string> {
    const home = join(this.root, 'home', 'vcap');
    await mkdir(home, { recursive: true });
    execFileSync('tar', ['-xzf', this.droplet, '-C', home]);
    return home;
  }

  async cleanup(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

export async function writeBuildpack(dir: string, scripts: Scripts, mode = 0o755): Promise<void> {
  await mkdir(join(dir, 'bin'), { recursive: true });
  for (const [name, body] of Object.entries(scripts)) {
    const file = join(dir, 'bin', name);
    await writeFile(file, body);
    await chmod(file, name === 'detect' ? mode : 0o755);
  }
}

export function tarList(file: string): string[] {
  return execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
}

/** Zips a directory, keeping Unix modes, as `cf create-buildpack` uploads do. */
export function makeZip(srcDir: string, zipFile: string): void {
  execFileSync('python3', [
    '-c',
    `
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, 'w') as z:
    for root, dirs, files in os.walk(src):
        for f in files:
            p = os.path.join(root, f)
            info = zipfile.ZipInfo(os.path.relpath(p, src))
            info.external_attr = (os.stat(p).st_mode & 0xFFFF) << 16
            z.writestr(info, open(p, 'rb').read())
`,
    srcDir,
    zipFile,
  ]);
}

/** Collects what the builder writes to a stream, for asserting on stdout and stderr separately. */
export class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** The library form of `stage.flags()`: BuilderOptions for build() on this stage's directories. */
export function libraryOptions(stage: Stage, order: string[], skipDetect: boolean, stdout: Writable, stderr: Writable, env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' }) {
  return {
    buildDir: stage.app,
    outputDroplet: stage.droplet,
    outputMetadata: stage.result,
    outputBuildArtifactsCache: stage.outputCache,
    buildpacksDir: stage.buildpacks,
    buildpacksDownloadDir: stage.downloads,
    buildArtifactsCacheDir: stage.cache,
    buildpackOrder: order,
    skipDetect,
    skipCertVerify: false,
    env,
    stdout,
    stderr,
    tempDir: stage.tmp,
  };
}
