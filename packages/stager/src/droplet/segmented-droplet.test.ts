import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { link, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { segmentIndexPath, writeSegmentedDroplet } from './segmented-droplet.ts';

let work: string;
let contents: string;
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'bpkit-segments-'));
  contents = join(work, 'contents');
  // A droplet's shape: a runtime and node_modules large enough for segments of their own, small things around.
  const runtime = join(contents, 'deps', '0', 'node');
  await mkdir(join(runtime, 'bin'), { recursive: true });
  await writeFile(join(runtime, 'bin', 'node'), randomBytes(1 << 20), { mode: 0o755 });
  await writeFile(join(runtime, 'LICENSE'), 'MIT\n'.repeat(5000));
  await symlink('bin/node', join(runtime, 'node-link'));
  await link(join(runtime, 'LICENSE'), join(runtime, 'LICENSE.hardlink'));
  await mkdir(join(contents, 'deps', '0', 'env'), { recursive: true });
  await writeFile(join(contents, 'deps', '0', 'env', 'NODE_HOME'), '/home/vcap/deps/0/node');
  const modules = join(contents, 'app', 'node_modules', 'dep');
  await mkdir(modules, { recursive: true });
  for (let i = 0; i < 60; i++) await writeFile(join(modules, `m${i}.js`), `module.exports = ${JSON.stringify(randomBytes(20_000).toString('base64'))};\n`);
  await writeFile(join(contents, 'app', 'server.js'), 'console.log("v1")\n');
  for (const dir of ['profile.d', 'tmp', 'logs']) await mkdir(join(contents, dir));
  await writeFile(join(contents, 'staging_info.yml'), '{"detected_buildpack":"x","start_command":"node server.js"}\n');
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const listing = (tgz: string): string[] => execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).trim().split('\n').sort();

async function extract(tgz: string): Promise<string> {
  const dir = await mkdtemp(join(work, 'x-'));
  execFileSync('tar', ['-xzf', tgz, '-C', dir]);
  return dir;
}

describe('writeSegmentedDroplet', () => {
  it('writes what `tar -czf droplet -C contents .` holds, as one gzip member', async () => {
    const droplet = join(work, 'droplet.tgz');
    const result = await writeSegmentedDroplet({ contentsDir: contents, output: droplet, tar: 'tar', env });
    expect(result).toEqual({ reused: 0, compressed: 3 });
    execFileSync('tar', ['-czf', join(work, 'reference.tgz'), '-C', contents, '.']);
    expect(listing(droplet)).toEqual(listing(join(work, 'reference.tgz')));
    execFileSync('gzip', ['-t', droplet]);
    const out = await extract(droplet);
    expect((await readFile(join(out, 'deps/0/node/bin/node'))).equals(await readFile(join(contents, 'deps/0/node/bin/node')))).toBe(true);
    expect((await stat(join(out, 'deps/0/node/bin/node'))).mode & 0o777).toBe(0o755);
    expect(await readlink(join(out, 'deps/0/node/node-link'))).toBe('bin/node');
    expect((await stat(join(out, 'deps/0/node/LICENSE.hardlink'))).ino).toBe((await stat(join(out, 'deps/0/node/LICENSE'))).ino);
    expect(await readFile(join(out, 'app/server.js'), 'utf8')).toBe('console.log("v1")\n');
    const index = JSON.parse(await readFile(segmentIndexPath(droplet), 'utf8'));
    expect(index.segments.map((s: { name: string }) => s.name)).toEqual(['./app/node_modules', './deps/0/node']);
  });

  it('copies unchanged segments from the previous droplet and compresses what changed', async () => {
    const first = join(work, 'first.tgz');
    await writeSegmentedDroplet({ contentsDir: contents, output: first, tar: 'tar', env });
    await writeFile(join(contents, 'app', 'server.js'), 'console.log("v2")\n');
    const second = join(work, 'second.tgz');
    expect(await writeSegmentedDroplet({ contentsDir: contents, output: second, previous: first, tar: 'tar', env })).toEqual({ reused: 2, compressed: 1 });
    execFileSync('gzip', ['-t', second]);
    const out = await extract(second);
    expect(await readFile(join(out, 'app/server.js'), 'utf8')).toBe('console.log("v2")\n');
    expect((await readFile(join(out, 'app/node_modules/dep/m7.js'))).equals(await readFile(join(contents, 'app/node_modules/dep/m7.js')))).toBe(true);

    // A changed file inside a segment (new content, new mtime) makes that segment compress again.
    const module = join(contents, 'app', 'node_modules', 'dep', 'm3.js');
    await writeFile(module, 'module.exports = "changed";\n');
    await utimes(module, new Date(), new Date(Date.now() + 5000));
    const third = join(work, 'third.tgz');
    expect(await writeSegmentedDroplet({ contentsDir: contents, output: third, previous: second, tar: 'tar', env })).toEqual({ reused: 1, compressed: 2 });
    expect(await readFile(join(await extract(third), 'app/node_modules/dep/m3.js'), 'utf8')).toBe('module.exports = "changed";\n');
  });

  it('ignores a previous droplet shorter than its index says', async () => {
    const first = join(work, 'first.tgz');
    await writeSegmentedDroplet({ contentsDir: contents, output: first, tar: 'tar', env });
    await truncate(first, 100);
    const second = join(work, 'second.tgz');
    expect(await writeSegmentedDroplet({ contentsDir: contents, output: second, previous: first, tar: 'tar', env })).toEqual({ reused: 0, compressed: 3 });
    expect(listing(second)).toContain('./deps/0/node/bin/node');
  });

  it('leaves no droplet behind when tar fails', async () => {
    const droplet = join(work, 'droplet.tgz');
    await expect(writeSegmentedDroplet({ contentsDir: contents, output: droplet, tar: join(work, 'no-such-tar'), env })).rejects.toThrow();
    await expect(stat(droplet)).rejects.toThrow(/ENOENT/);
    await expect(stat(`${droplet}.partial`)).rejects.toThrow(/ENOENT/);
  });
});
