import { chmod, copyFile, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { existingDepsDirs } from './existing-deps-dirs.ts';

// libbuildpack's launchEnvVarDirs: include/pkgconfig matter only while compiling.
const LAUNCH_DIRS: ReadonlyArray<readonly [string, string]> = [
  ['PATH', 'bin'],
  ['LD_LIBRARY_PATH', 'lib'],
  ['LIBRARY_PATH', 'lib'],
];

export const MULTI_SUPPLY_SCRIPT = '000_multi-supply.sh';

/** The body of 000_multi-supply.sh, byte-for-byte libbuildpack's (bash: it uses `[[`). */
export async function multiSupplyScript(depsDir: string): Promise<string> {
  let script = '';
  for (const [variable, sub] of LAUNCH_DIRS) {
    const dirs = await existingDepsDirs(depsDir, sub);
    if (dirs.length === 0) continue;
    const list = dirs.map((d) => `$DEPS_DIR/${d.idx}/${sub}`).join(':');
    script += `export ${variable}=${list}$([[ ! -z "\${${variable}:-}" ]] && echo ":$${variable}")\n`;
  }
  return script;
}

/**
 * libbuildpack's SetLaunchEnvironment: <profileDir>/000_multi-supply.sh puts every buildpack's bin/lib
 * on the launch paths, and each deps/<idx>/profile.d/<f> is copied to <profileDir>/<idx>_<f>
 * (the launcher itself never reads deps/*\/profile.d).
 */
export async function writeLaunchEnvironment(depsDir: string, profileDir: string): Promise<void> {
  await mkdir(profileDir, { recursive: true });
  const target = join(profileDir, MULTI_SUPPLY_SCRIPT);
  await writeFile(target, await multiSupplyScript(depsDir), { mode: 0o755 });
  await chmod(target, 0o755);

  for (const { idx, path } of await existingDepsDirs(depsDir, 'profile.d')) {
    for (const file of await readdir(path, { withFileTypes: true })) {
      if (!file.isFile()) continue;
      const src = join(path, file.name);
      const dest = join(profileDir, `${idx}_${file.name}`);
      await copyFile(src, dest);
      await chmod(dest, (await stat(src)).mode & 0o7777);
    }
  }
}
