import { spawnSync } from 'node:child_process';
import { readFile, readdir, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDeterministicZip } from './deterministic-zip.ts';
import { readZip, sha256, tempDir, writeTree } from './test-support.ts';

describe('writeDeterministicZip', () => {
  it('writes sorted entries with directory entries, normalised modes and one fixed timestamp', async () => {
    const dir = await tempDir();
    await writeTree(dir, { 'bin/run': '#!/bin/sh\n', 'lib/a.txt': 'a', 'b.tgz': Buffer.alloc(1000, 1), 'odd-mode': { data: 'x', mode: 0o600 } });
    const out = join(dir, 'out.zip');
    const result = await writeDeterministicZip(
      [
        { name: 'lib/a.txt', path: join(dir, 'lib/a.txt'), executable: false },
        { name: 'bin/run', path: join(dir, 'bin/run'), executable: true },
        { name: 'deps/x/b.tgz', path: join(dir, 'b.tgz'), executable: false },
        { name: 'odd-mode', path: join(dir, 'odd-mode'), executable: false },
        { name: 'VERSION', data: Buffer.from('1.0.0'), executable: false },
      ],
      out,
    );
    const bytes = await readFile(out);
    expect(result).toEqual({ size: bytes.length, sha256: sha256(bytes) });
    const zip = await readZip(out);
    expect([...zip.keys()]).toEqual(['VERSION', 'bin/', 'bin/run', 'deps/', 'deps/x/', 'deps/x/b.tgz', 'lib/', 'lib/a.txt', 'odd-mode']);
    expect(zip.get('bin/run')?.mode).toBe(0o100755);
    expect(zip.get('bin/')?.mode).toBe(0o40755);
    expect(zip.get('odd-mode')?.mode).toBe(0o100644);
    expect(zip.get('deps/x/b.tgz')?.method).toBe(0);
    expect(zip.get('lib/a.txt')?.method).toBe(8);
    expect(zip.get('VERSION')?.data.toString()).toBe('1.0.0');
    const listing = spawnSync('unzip', ['-Z', '-T', out], { encoding: 'utf8' }).stdout;
    expect(listing.match(/\b\d{8}\.\d{6}\b/g)?.every((t) => t === '19800101.000000')).toBe(true);
  });

  it('gives the same bytes for the same inputs, whatever the files\' mtimes and the time zone', async () => {
    const dir = await tempDir();
    await writeTree(dir, { 'bin/run': '#!/bin/sh\necho hi\n', 'lib/x.js': 'x'.repeat(5000) });
    const sources = [
      { name: 'bin/run', path: join(dir, 'bin/run'), executable: true },
      { name: 'lib/x.js', path: join(dir, 'lib/x.js'), executable: false },
    ];
    const first = await writeDeterministicZip(sources, join(dir, 'a.zip'));
    await utimes(join(dir, 'bin/run'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const tz = process.env.TZ;
    // West of UTC: a zone east of the one yazl loaded in would hit yazl's own 1980 clamp, which a
    // real process (one zone throughout) never does.
    process.env.TZ = 'America/Los_Angeles';
    try {
      const second = await writeDeterministicZip([...sources].reverse(), join(dir, 'b.zip'));
      expect(second.sha256).toBe(first.sha256);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    expect(Buffer.compare(await readFile(join(dir, 'a.zip')), await readFile(join(dir, 'b.zip')))).toBe(0);
  });

  it('leaves nothing behind when a source is missing', async () => {
    const dir = await tempDir();
    const out = join(dir, 'out.zip');
    await expect(writeDeterministicZip([{ name: 'gone', path: join(dir, 'gone'), executable: false }], out)).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
    await expect(stat(out)).rejects.toThrow();
  });

  it('refuses two sources for one entry', async () => {
    const dir = await tempDir();
    const s = { name: 'a', data: Buffer.from('a'), executable: false };
    await expect(writeDeterministicZip([s, s], join(dir, 'x.zip'))).rejects.toThrow('two files for one zip entry: a');
  });
});
