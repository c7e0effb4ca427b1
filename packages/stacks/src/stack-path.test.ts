import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { linkStackTools } from './stack-path.ts';

const run = promisify(execFile);
const HOST = ['/usr/local/bin', '/usr/bin', '/bin'];

describe('linkStackTools', () => {
  it('links the stack\'s tools found on the machine, and runs a script with only them on PATH', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'stack-')), 'bin');
    const linked = await linkStackTools(dir, 'cflinuxfs5', HOST);
    expect(linked).toEqual(expect.arrayContaining(['sh', 'bash', 'tar']));
    expect((await readdir(dir)).sort()).toEqual([...linked].sort());
    expect(await readlink(join(dir, 'sh'))).toMatch(/\/sh$/);
    const { stdout } = await run(join(dir, 'sh'), ['-c', 'command -v node || echo no-node; command -v python3 || echo no-python3'], {
      env: { PATH: dir },
    });
    expect(stdout).toBe('no-node\nno-python3\n');
  });

  it('links python3 on cflinuxfs4 when the machine has one, never on cflinuxfs5', async () => {
    const fs4 = await linkStackTools(join(await mkdtemp(join(tmpdir(), 'stack-')), 'bin'), 'cflinuxfs4', HOST);
    const fs5 = await linkStackTools(join(await mkdtemp(join(tmpdir(), 'stack-')), 'bin'), 'cflinuxfs5', HOST);
    expect(fs5).not.toContain('python3');
    const hostHasPython = await run('/bin/sh', ['-c', 'command -v python3']).then(() => true, () => false);
    expect(fs4.includes('python3')).toBe(hostHasPython);
  });

  it('refuses a stack it does not know', async () => {
    await expect(linkStackTools(join(tmpdir(), 'never'), 'cflinuxfs3', HOST)).rejects.toThrow('Stack must be an existing stack');
  });
});
