// Detect (runner.go detect): walk the order, the first `bin/detect <build>` to exit 0 wins; its stdout
// is captured and trimmed of trailing CR/LF, its stderr passes through. Lookup errors are printed and
// skipped; a detect without all execute bits is announced on stdout and run anyway.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildpackDirs } from '../buildpack-bits/buildpack-dir.ts';
import { locateBuildpack } from '../buildpack-bits/buildpack-dir.ts';
import { runScript, type ScriptIo } from '../buildpack-scripts/run-script.ts';
import { pathErrorText } from '../go-compat/go-errors.ts';
import { errorText } from './lifecycle-error.ts';

export interface Detected {
  key: string;
  dir: string;
  output: string;
}

export async function detect(order: readonly string[], buildDir: string, dirs: BuildpackDirs, io: ScriptIo): Promise<Detected | undefined> {
  for (const key of order) {
    let dir: string;
    try {
      dir = await locateBuildpack(key, dirs);
    } catch (error) {
      io.stderr.write(`${errorText(error)}\n`);
      continue;
    }
    const script = join(dir, 'bin', 'detect');
    let mode: number;
    try {
      mode = (await stat(script)).mode;
    } catch (error) {
      io.stderr.write(`${pathErrorText('stat', script, error)}\n`);
      continue;
    }
    if ((mode & 0o111) !== 0o111) io.stdout.write("WARNING: buildpack script '/bin/detect' is not executable\n");
    try {
      const output = await runScript(script, [buildDir], io, true);
      return { key, dir, output: output.replace(/[\r\n]+$/, '') };
    } catch {
      // A failing (or unrunnable) detect means "not this buildpack".
    }
  }
  return undefined;
}
