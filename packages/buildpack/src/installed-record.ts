// What a buildpack installed, for the droplet's SBOM: one JSON file per install, written by the core (buildpacks
// never do it themselves) into the directory bpkit's builder names in BPKIT_INSTALL_RECORDS (-outputSbom). Outside the app and
// deps/ (a supply may write nowhere else than its deps/<idx>, and the droplet stays as CF's builder makes it); on CF,
// where nothing sets the variable, nothing is written. A file per install, so installs running at once never share
// one, and a build-time tool that finalize clears (Go's toolchain) is still listed.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { InstallRecord } from '@bpkit/sbom/install-record';

/** Records an install into `targetDir` (under the deps dir or the build dir) when the builder asked for records. */
export async function recordInstall(
  recordsDir: string | undefined,
  dirs: { buildDir?: string | undefined; depsDir: string },
  targetDir: string,
  record: Omit<InstallRecord, 'path'>,
): Promise<void> {
  if (!recordsDir) return;
  const inDeps = relative(dirs.depsDir, targetDir);
  const inApp = dirs.buildDir === undefined ? '..' : relative(dirs.buildDir, targetDir);
  const path = !inDeps.startsWith('..') ? ['deps', ...inDeps.split(sep)] : !inApp.startsWith('..') ? ['app', ...inApp.split(sep)] : [targetDir];
  await mkdir(recordsDir, { recursive: true });
  const file = `${record.buildpack}-${record.name}-${record.version}.json`.replace(/[^A-Za-z0-9._-]/g, '_');
  await writeFile(join(recordsDir, file), `${JSON.stringify({ ...record, path: path.join('/') }, null, 2)}\n`);
}
