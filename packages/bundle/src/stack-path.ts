import { access, constants, mkdir, symlink } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Tools a cflinuxfs4 container has on PATH that buildpack shell scripts rely on. No node, go or ruby. */
export const STACK_TOOLS = [
  'awk', 'basename', 'bash', 'cat', 'chmod', 'cp', 'curl', 'cut', 'date', 'dirname', 'env', 'find', 'grep',
  'gzip', 'head', 'id', 'ln', 'ls', 'mkdir', 'mktemp', 'mv', 'readlink', 'rm', 'sed', 'sha256sum', 'sh',
  'sleep', 'sort', 'tail', 'tar', 'touch', 'tr', 'uname', 'unzip', 'wc', 'xz',
] as const;

/**
 * Fills `dir` with links to the machine's copies of STACK_TOOLS, so running a buildpack with
 * PATH=dir proves it works where CF runs it: on a stack without Node. Returns dir.
 */
export async function makeStackPath(dir: string, searchPath = process.env.PATH ?? ''): Promise<string> {
  await mkdir(dir, { recursive: true });
  const searched = searchPath.split(delimiter).filter(Boolean);
  for (const tool of STACK_TOOLS) {
    for (const candidate of searched.map((d) => join(d, tool))) {
      if (await isExecutable(candidate)) {
        await symlink(candidate, join(dir, tool)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
        });
        break;
      }
    }
  }
  return dir;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
