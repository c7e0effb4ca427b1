import { access, mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';

/**
 * Tools the cflinuxfs4 root filesystem ships (Ubuntu 22.04 base plus CF's build tools).
 * Buildpacks run with a PATH holding only links to these, so a buildpack that silently relies on
 * node, go or ruby being installed fails here as it would on Cloud Foundry.
 */
export const CFLINUXFS4_TOOLS = [
  // shells and coreutils
  'sh', 'bash', 'dash', 'env', 'cat', 'cp', 'mv', 'rm', 'rmdir', 'mkdir', 'ln', 'ls', 'chmod', 'chown', 'touch',
  'readlink', 'realpath', 'dirname', 'basename', 'mktemp', 'head', 'tail', 'tr', 'cut', 'sort', 'uniq', 'wc',
  'tee', 'printf', 'echo', 'test', '[', 'true', 'false', 'expr', 'sleep', 'date', 'id', 'whoami', 'uname',
  'hostname', 'nproc', 'stat', 'du', 'df', 'seq', 'yes', 'md5sum', 'sha1sum', 'sha256sum', 'sha512sum', 'base64',
  'od', 'xargs', 'find', 'grep', 'egrep', 'fgrep', 'sed', 'awk', 'gawk', 'mawk', 'diff', 'cmp', 'patch', 'install',
  'timeout', 'nohup', 'kill', 'ps', 'pgrep', 'pkill', 'which', 'less', 'more', 'file', 'getent', 'locale', 'tput',
  'sync', 'split', 'paste', 'join', 'comm', 'fold', 'nl', 'tac', 'rev', 'column', 'flock', 'setsid', 'stdbuf',
  // archives and transfer
  'tar', 'gzip', 'gunzip', 'zcat', 'bzip2', 'bunzip2', 'xz', 'unxz', 'xzcat', 'zip', 'unzip', 'curl', 'wget',
  'openssl', 'ssh', 'scp', 'rsync', 'git',
  // build toolchain for native extensions
  'make', 'gcc', 'g++', 'cc', 'c++', 'cpp', 'ld', 'as', 'ar', 'ranlib', 'strip', 'nm', 'objdump', 'pkg-config',
  'python3', 'perl',
];

/** Creates (once) a directory of links to the host's copies of the stack's tools and returns it. */
export async function ensureStackPath(dataDir: string, stack: string): Promise<string> {
  const binDir = join(dataDir, 'stacks', stack, 'bin');
  if (await complete(binDir)) return binDir;
  const tmp = `${binDir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const hostPath = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const tool of CFLINUXFS4_TOOLS) {
    for (const dir of hostPath) {
      const candidate = join(dir, tool);
      try {
        await access(candidate, constants.X_OK);
        await symlink(candidate, join(tmp, tool));
        break;
      } catch {
        // not in this directory
      }
    }
  }
  await writeFile(join(tmp, '..', 'README'), `Links to the host tools that ${stack} ships; no node, go or ruby.\n`);
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
