import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeLaunchEnvironment } from './launch-environment.ts';

async function layout(): Promise<{ deps: string; profile: string }> {
  const root = await mkdtemp(join(tmpdir(), 'launch-'));
  const deps = join(root, 'deps');
  for (const p of ['00/bin', '01/bin', '01/lib', '02/lib', '02/include']) await mkdir(join(deps, p), { recursive: true });
  await mkdir(join(deps, '00', 'profile.d'), { recursive: true });
  await mkdir(join(deps, '01', 'profile.d'), { recursive: true });
  await writeFile(join(deps, '00', 'profile.d', 'supplied-script.sh'), 'first', { mode: 0o755 });
  await writeFile(join(deps, '01', 'profile.d', 'supplied-script.sh'), 'second', { mode: 0o644 });
  return { deps, profile: join(root, 'profile.d') };
}

describe('writeLaunchEnvironment', () => {
  test('000_multi-supply.sh matches libbuildpack line for line', async () => {
    const { deps, profile } = await layout();
    await writeLaunchEnvironment(deps, profile);
    const script = await readFile(join(profile, '000_multi-supply.sh'), 'utf8');
    expect(script).toBe(
      'export PATH=$DEPS_DIR/01/bin:$DEPS_DIR/00/bin$([[ ! -z "${PATH:-}" ]] && echo ":$PATH")\n' +
        'export LD_LIBRARY_PATH=$DEPS_DIR/02/lib:$DEPS_DIR/01/lib$([[ ! -z "${LD_LIBRARY_PATH:-}" ]] && echo ":$LD_LIBRARY_PATH")\n' +
        'export LIBRARY_PATH=$DEPS_DIR/02/lib:$DEPS_DIR/01/lib$([[ ! -z "${LIBRARY_PATH:-}" ]] && echo ":$LIBRARY_PATH")\n',
    );
    expect((await stat(join(profile, '000_multi-supply.sh'))).mode & 0o777).toBe(0o755);
  });

  test('sourced by bash, it yields the launch paths (old value appended only if non-empty)', async () => {
    const { deps, profile } = await layout();
    await writeLaunchEnvironment(deps, profile);
    const script = join(profile, '000_multi-supply.sh');
    // stdin must not be a socket (Node's default pipe): Debian's bash would then source ~/.bashrc.
    const run = (env: Record<string, string>): string =>
      execFileSync('/bin/bash', ['-c', `source "${script}"; printf '%s|%s' "$PATH" "$LD_LIBRARY_PATH"`], {
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    expect(run({ DEPS_DIR: '/home/vcap/deps', PATH: '/usr/bin:/bin' })).toBe(
      '/home/vcap/deps/01/bin:/home/vcap/deps/00/bin:/usr/bin:/bin|/home/vcap/deps/02/lib:/home/vcap/deps/01/lib',
    );
    expect(run({ DEPS_DIR: '/d', PATH: '/bin', LD_LIBRARY_PATH: '/opt/lib' })).toBe('/d/01/bin:/d/00/bin:/bin|/d/02/lib:/d/01/lib:/opt/lib');
  });

  test('copies each deps/<idx>/profile.d/<f> to <profileDir>/<idx>_<f>, keeping its mode', async () => {
    const { deps, profile } = await layout();
    await writeLaunchEnvironment(deps, profile);
    expect((await readdir(profile)).sort()).toEqual(['000_multi-supply.sh', '00_supplied-script.sh', '01_supplied-script.sh']);
    expect(await readFile(join(profile, '00_supplied-script.sh'), 'utf8')).toBe('first');
    expect(await readFile(join(profile, '01_supplied-script.sh'), 'utf8')).toBe('second');
    expect((await stat(join(profile, '00_supplied-script.sh'))).mode & 0o777).toBe(0o755);
    expect((await stat(join(profile, '01_supplied-script.sh'))).mode & 0o777).toBe(0o644);
  });

  test('with no deps dirs the script is written empty', async () => {
    const root = await mkdtemp(join(tmpdir(), 'launch-'));
    await mkdir(join(root, 'deps', '0'), { recursive: true });
    await writeLaunchEnvironment(join(root, 'deps'), join(root, 'p'));
    expect(await readFile(join(root, 'p', '000_multi-supply.sh'), 'utf8')).toBe('');
  });
});
