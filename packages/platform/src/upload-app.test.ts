import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, stat, symlink, writeFile, readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uploadApp } from './upload-app.ts';

describe('uploadApp', () => {
  it('copies the app like cf push uploads it: ignored names left out, dirs 0755, file modes and links kept', async () => {
    const src = await mkdtemp(join(tmpdir(), 'upload-src-'));
    await mkdir(join(src, 'bin'), { mode: 0o700 });
    await mkdir(join(src, '.git'));
    await mkdir(join(src, 'logs'));
    await writeFile(join(src, 'bin', 'server'), '#!/bin/sh\n', { mode: 0o750 });
    await writeFile(join(src, 'README'), 'r', { mode: 0o600 });
    await writeFile(join(src, 'manifest.yml'), 'applications: []');
    await writeFile(join(src, '.git', 'HEAD'), 'ref');
    await writeFile(join(src, 'logs', 'x.log'), 'l');
    await writeFile(join(src, '.cfignore'), 'logs/\n');
    await symlink('bin/server', join(src, 'start'));
    const dest = join(await mkdtemp(join(tmpdir(), 'upload-dst-')), 'app');
    await uploadApp(src, dest);
    const listing = execFileSync('find', ['.', '-mindepth', '1'], { cwd: dest }).toString().split('\n').filter(Boolean).sort();
    expect(listing).toEqual(['./README', './bin', './bin/server', './start']);
    expect((await stat(join(dest, 'bin'))).mode & 0o777).toBe(0o755);
    expect((await stat(join(dest, 'bin', 'server'))).mode & 0o777).toBe(0o750);
    expect((await stat(join(dest, 'README'))).mode & 0o777).toBe(0o600);
    expect(await readlink(join(dest, 'start'))).toBe('bin/server');
  });
});
