import { access, constants, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { stackDefinition } from './stacks.ts';

/**
 * Fills `dir` with links to this machine's copies of the tools `stack` ships, looked up in `searchDirs` in
 * order; a tool the machine lacks is left out. A buildpack run with PATH=dir then fails here as it would on CF
 * when it relies on something the stack does not have (node, go, ruby; python3 on cflinuxfs5). Returns the
 * tools linked.
 */
export async function linkStackTools(dir: string, stack: string, searchDirs: readonly string[]): Promise<string[]> {
  const { tools } = stackDefinition(stack);
  await mkdir(dir, { recursive: true });
  const linked: string[] = [];
  for (const tool of tools) {
    for (const candidate of searchDirs.map((d) => join(d, tool))) {
      if (!(await isExecutable(candidate))) continue;
      await symlink(candidate, join(dir, tool)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      linked.push(tool);
      break;
    }
  }
  return linked;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
