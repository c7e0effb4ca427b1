import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isDirectory, isFile } from '@bpkit/fs';

/** A buildpack package of the workspace, found by looking, never registered. */
export interface WorkspaceBuildpack {
  /** Its directory name under buildpacks/ (what `bpkit package NAME` takes). */
  name: string;
  packageDir: string;
  /** `<packageDir>/conformance/app`, when the buildpack provides an app for the phase rules. */
  conformanceApp?: string;
}

/** Every directory of `<workspaceRoot>/buildpacks` with a package.json, sorted by name. */
export async function discoverBuildpacks(workspaceRoot: string): Promise<WorkspaceBuildpack[]> {
  const dir = join(workspaceRoot, 'buildpacks');
  const found: WorkspaceBuildpack[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const packageDir = join(dir, entry.name);
    if (!entry.isDirectory() || entry.name.startsWith('.') || !(await isFile(join(packageDir, 'package.json')))) continue;
    const app = join(packageDir, 'conformance', 'app');
    found.push({ name: entry.name, packageDir, ...((await isDirectory(app)) ? { conformanceApp: app } : {}) });
  }
  return found;
}
