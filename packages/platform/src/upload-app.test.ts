import { execFileSync as run } from 'node:child_process';
import { mkdir, mkdtemp, readdir, stat, symlink, writeFile, readlink } from 'node:fs/promises';
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
    const listing = run('find', ['.', '-mindepth', '1'], { cwd: dest }).toString().split('\n').filter(Boolean).sort();
    expect(listing).toEqual(['./README', './bin', './bin/server', './start']);
    expect((await stat(join(dest, 'bin'))).mode & 0o777).toBe(0o755);
    expect((await stat(join(dest, 'bin', 'server'))).mode & 0o777).toBe(0o750);
    expect((await stat(join(dest, 'README'))).mode & 0o777).toBe(0o600);
    expect(await readlink(join(dest, 'start'))).toBe('bin/server');
  });

  async function appWithLinks(links: Record<string, string>): Promise<{ src: string; dest: string }> {
    const src = await mkdtemp(join(tmpdir(), 'upload-src-'));
    await mkdir(join(src, 'node_modules', 'pkg', 'bin'), { recursive: true });
    await mkdir(join(src, 'node_modules', '.bin'));
    await writeFile(join(src, 'node_modules', 'pkg', 'bin', 'tool'), '#!/bin/sh\n');
    for (const [at, target] of Object.entries(links)) await symlink(target, join(src, at));
    return { src, dest: join(await mkdtemp(join(tmpdir(), 'upload-dst-')), 'app') };
  }

  it('keeps links that resolve inside the app, dangling ones and loops included', async () => {
    const { src, dest } = await appWithLinks({
      'node_modules/.bin/tool': '../pkg/bin/tool',
      here: '.',
      // Out to the parent and back in by the upload dir's name: inside, as the kernel resolves it.
      'back-in': '../app/node_modules',
      dangling: 'not-yet/created',
      'loop-a': 'loop-b',
      'loop-b': 'loop-a',
    });
    await uploadApp(src, dest);
    expect((await readdir(dest)).sort()).toEqual(['back-in', 'dangling', 'here', 'loop-a', 'loop-b', 'node_modules']);
    expect(await readlink(join(dest, 'node_modules', '.bin', 'tool'))).toBe('../pkg/bin/tool');
  });

  it('refuses links that lead out of the app with CC\'s message, however they get there', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'upload-outside-'));
    await writeFile(join(outside, 'secret'), 's');
    const cases: Record<string, string>[] = [
      { etc: '/etc' },
      { up: '..' },
      { secret: join(outside, 'secret') },
      { 'dangling-out': join(outside, 'not-there-yet') },
      // Each link alone stays inside; `..` after the link `node_modules/up` (to the app root) climbs out.
      { 'node_modules/up': '..', escape: 'node_modules/up/..' },
    ];
    for (const links of cases) {
      const { src, dest } = await appWithLinks(links);
      await expect(uploadApp(src, dest), JSON.stringify(links)).rejects.toThrow(
        /^The app upload is invalid: Symlink\(s\) point outside of root folder\n/,
      );
    }
    expect(run('ls', [outside]).toString()).toBe('secret\n');
  });
});
