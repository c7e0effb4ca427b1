import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

function run(cmd: string, args: string[], cwd?: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += String(b)));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.trim()}`))));
  });
}

/** `tar czf outFile -C dir .` with the system tar (real archives, no npm dependency). */
export function packTarball(dir: string, outFile: string): Promise<void> {
  return run('tar', ['-czf', outFile, '-C', dir, '.']);
}

/** `tar cJf` — an xz-compressed tarball. */
export function packTarXz(dir: string, outFile: string): Promise<void> {
  return run('tar', ['-cJf', outFile, '-C', dir, '.']);
}

/** `zip -qry outFile .` run inside `dir` (symlinks stored as links). */
export function packZip(dir: string, outFile: string): Promise<void> {
  return run('zip', ['-qry', resolve(outFile), '.'], dir);
}
