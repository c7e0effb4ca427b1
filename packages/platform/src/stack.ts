import { access, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import { linkStackTools, stackDefinition } from '@bpkit/stacks';

/**
 * Creates (once) a directory of links to the host's copies of the stack's tools (@bpkit/stacks) and returns it:
 * the only PATH buildpacks get, so one relying on node, go or ruby fails here as it would on Cloud Foundry.
 */
export async function ensureStackPath(dataDir: string, stack: string): Promise<string> {
  const definition = stackDefinition(stack);
  const binDir = join(dataDir, 'stacks', stack, 'bin');
  if (await complete(binDir)) return binDir;
  const tmp = `${binDir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  // Fixed host directories, not this process's PATH: what the stack offers must not depend on who pushed.
  await linkStackTools(tmp, stack, ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']);
  await writeFile(join(tmp, '..', 'README'), `Links to the host tools that ${stack} (${definition.description}) ships; no node, go or ruby.\n`);
  // Concurrent first stagings each build a copy; the first to publish wins. Deleting a published dir to put
  // ours in its place would pull PATH out from under a staging already running with it.
  try {
    await rename(tmp, binDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    if (await complete(binDir)) {
      await rm(tmp, { recursive: true, force: true });
      return binDir;
    }
    // A broken dir from before (no bash in it): replace it.
    await rm(binDir, { recursive: true, force: true });
    await rename(tmp, binDir);
  }
  return binDir;
}

async function complete(binDir: string): Promise<boolean> {
  try {
    await access(join(binDir, 'bash'), constants.X_OK);
    return (await readdir(binDir)).length > 0;
  } catch {
    return false;
  }
}
