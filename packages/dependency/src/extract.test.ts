import { createHash, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, beforeEach } from 'vitest';
import { safeEntryPath } from './archive-entry.ts';
import { archiveKind, extractZip } from './extract.ts';
import { ArchiveLimitError, type ZipLimits, checkZipLimits } from './zip-limits.ts';
import { installDependency } from './install-dependency.ts';
import { bufferLogger, craftTarGz, craftZip } from './test-support.ts';
import type { RawEntry } from './test-support.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bpkit-extract-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
/** Installs crafted archive bytes as a vendored file: entry; returns the error (if any) and the target. */
// Each crafted-archive case runs against the stack's GNU tar and against the JavaScript extractor
// (a stack without tar); both must refuse the same entries with the same errors.
let extractorEnv: Record<string, string> = {};

async function installBytes(bytes: Buffer, suffix: 'tgz' | 'zip', strip = 0, exclude?: string[]): Promise<{ error: Error | undefined; target: string; base: string }> {
  const base = join(dir, `case${++n}`);
  await mkdir(join(base, 'bp'), { recursive: true });
  await writeFile(join(base, 'bp', `dep.${suffix}`), bytes);
  const target = join(base, 'deps', 'tool');
  const { log } = bufferLogger();
  try {
    await installDependency({
      dep: {
        name: 'tool',
        version: '1.0.0',
        uri: `https://example.invalid/dep.${suffix}`,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        file: `dep.${suffix}`,
      },
      targetDir: target,
      manifestDir: join(base, 'bp'),
      env: { ...process.env, ...extractorEnv },
      log,
      strip,
      ...(exclude ? { exclude } : {}),
    });
    return { error: undefined, target, base };
  } catch (error) {
    return { error: error as Error, target, base };
  }
}

async function expectRefused(r: { error: Error | undefined; target: string; base: string }, pattern: RegExp): Promise<void> {
  expect(r.error?.message).toMatch(pattern);
  await expect(lstat(r.target)).rejects.toThrow(/ENOENT/);
  expect(await readdir(join(r.base, 'deps'))).toEqual([]);
  expect((await readdir(r.base)).sort()).toEqual(['bp', 'deps']);
}

const ok: RawEntry[] = [
  { path: 'pkg/', type: 'Directory' },
  { path: 'pkg/bin/run', body: '#!/bin/sh\n', mode: 0o755 },
  { path: 'pkg/lib/link', type: 'SymbolicLink', linkpath: '../bin/run' },
];

describe.each([
  ['GNU tar', {}],
  ['the JavaScript extractor', { BPKIT_JS_TAR: '1' }],
])('crafted archives with %s', (_name, env) => {
  beforeEach(() => {
    extractorEnv = env;
  });

  it('extracts well-behaved crafted archives (control case)', async () => {
    for (const [bytes, suffix] of [
      [craftTarGz(ok), 'tgz'],
      [craftZip(ok), 'zip'],
    ] as const) {
      const r = await installBytes(bytes, suffix);
      expect(r.error).toBeUndefined();
      expect(await readFile(join(r.target, 'pkg/bin/run'), 'utf8')).toBe('#!/bin/sh\n');
      expect(await readlink(join(r.target, 'pkg/lib/link'))).toBe('../bin/run');
    }
  });

  it('applies strip to tar and zip entries', async () => {
    for (const [bytes, suffix] of [
      [craftTarGz(ok), 'tgz'],
      [craftZip(ok), 'zip'],
    ] as const) {
      const r = await installBytes(bytes, suffix, 1);
      expect(r.error).toBeUndefined();
      expect(await readFile(join(r.target, 'bin/run'), 'utf8')).toBe('#!/bin/sh\n');
    }
  });

  const evil: Array<[string, RawEntry[], RegExp]> = [
    ['a .. path', [{ path: '../evil', body: 'x' }], /refusing to extract \.\.\/evil: path contains '\.\.'/],
    ['a nested .. path', [{ path: 'pkg/../../evil', body: 'x' }], /refusing to extract pkg\/\.\.\/\.\.\/evil: path contains '\.\.'/],
    ['an absolute path', [{ path: '/tmp/bpkit-evil-abs', body: 'x' }], /refusing to extract \/tmp\/bpkit-evil-abs: absolute path/],
    ['a symlink escaping with ..', [{ path: 'pkg/link', type: 'SymbolicLink', linkpath: '../../outside' }], /link target \.\.\/\.\.\/outside escapes/],
    ['an absolute symlink', [{ path: 'etc', type: 'SymbolicLink', linkpath: '/etc' }], /refusing to extract etc: link to absolute path \/etc/],
    [
      'a symlink chain escaping through the filesystem',
      [
        { path: 'a', type: 'SymbolicLink', linkpath: '.' },
        { path: 'b', type: 'SymbolicLink', linkpath: 'a/..' },
      ],
      /refusing to extract b: link resolves outside the install directory/,
    ],
  ];

  it.each(evil)('refuses %s in a .tgz, leaving nothing behind', async (_name, entries, pattern) => {
    await expectRefused(await installBytes(craftTarGz([{ path: 'ok.txt', body: 'fine' }, ...entries]), 'tgz'), pattern);
  });

  it.each(evil)('refuses %s in a .zip, leaving nothing behind', async (_name, entries, pattern) => {
    await expectRefused(await installBytes(craftZip([{ path: 'ok.txt', body: 'fine' }, ...entries]), 'zip'), pattern);
  });

  it('refuses hardlinks outside the archive', async () => {
    const r = await installBytes(craftTarGz([{ path: 'x', type: 'Link', linkpath: '../../etc/passwd' }]), 'tgz');
    await expectRefused(r, /refusing to extract x: link target \.\.\/\.\.\/etc\/passwd escapes/);
    const abs = await installBytes(craftTarGz([{ path: 'x', type: 'Link', linkpath: '/etc/passwd' }]), 'tgz');
    await expectRefused(abs, /link to absolute path \/etc\/passwd/);
  });

  it('refuses writing a zip entry through a link chain that leaves the install directory', async () => {
    const r = await installBytes(
      craftZip([
        { path: 'a', type: 'SymbolicLink', linkpath: '.' },
        { path: 'b', type: 'SymbolicLink', linkpath: 'a/..' },
        { path: 'b/evil', body: 'x' },
      ]),
      'zip',
    );
    await expectRefused(r, /refusing to extract into b: it resolves outside the install directory/);
  });

  it('refuses a zip entry whose directory, not made yet, would be made outside through a link chain', async () => {
    const r = await installBytes(
      craftZip([
        { path: 'a', type: 'SymbolicLink', linkpath: '.' },
        { path: 'b', type: 'SymbolicLink', linkpath: 'a/..' },
        { path: 'b/new/evil', body: 'x' },
      ]),
      'zip',
    );
    await expectRefused(r, /refusing to extract into b\/new: it resolves outside the install directory/);
  });

  it('refuses a zip entry written over an earlier link of the same name', async () => {
    const r = await installBytes(
      craftZip([
        { path: 'a', type: 'SymbolicLink', linkpath: '.' },
        { path: 'b', type: 'SymbolicLink', linkpath: 'a/..' },
        { path: 'c', type: 'SymbolicLink', linkpath: 'b/evil' },
        { path: 'c', body: 'x' },
      ]),
      'zip',
    );
    await expectRefused(r, /refusing to extract c: it would write through the link extracted there before/);
  });

  it('refuses a zip "symlink" entry longer than any link target, without reading it', async () => {
    const r = await installBytes(craftZip([{ path: 'l', type: 'SymbolicLink', linkpath: 'x'.repeat(8192) }]), 'zip');
    await expectRefused(r, /refusing to extract l: a 8192-byte link target/);
  });

  it('allows zip entries through a symlinked directory that stays inside', async () => {
    const r = await installBytes(
      craftZip([
        { path: 'd', type: 'SymbolicLink', linkpath: 'sub' },
        { path: 'sub/', type: 'Directory' },
        { path: 'd/file', body: 'inside is fine' },
      ]),
      'zip',
    );
    expect(r.error).toBeUndefined();
    expect(await readFile(join(r.target, 'sub/file'), 'utf8')).toBe('inside is fine');
  });

  it('fails cleanly on a truncated tarball', async () => {
    const good = craftTarGz([{ path: 'big', body: Buffer.alloc(100_000, 7) }]);
    const r = await installBytes(good.subarray(0, good.length - 200), 'tgz');
    expect(r.error).toBeDefined();
    await expect(lstat(r.target)).rejects.toThrow(/ENOENT/);
    expect(await readdir(join(r.base, 'deps'))).toEqual([]);
  });

  it('leaves out excluded entries, tar and zip alike', async () => {
    const entries: RawEntry[] = [
      { path: 'top/', type: 'Directory' },
      { path: 'top/keep.go', body: 'keep' },
      { path: 'top/keep_test.go', body: 'test' },
      { path: 'top/lib/testdata/', type: 'Directory' },
      { path: 'top/lib/testdata/in.txt', body: 'data' },
      { path: 'top/lib/testdata/link', type: 'SymbolicLink', linkpath: 'in.txt' },
      { path: 'top/test/', type: 'Directory' },
      { path: 'top/test/run.sh', body: 'suite' },
      { path: 'top/src/test/kept.txt', body: 'nested test dir stays' },
    ];
    for (const [bytes, suffix] of [
      [craftTarGz(entries), 'tgz'],
      [craftZip(entries), 'zip'],
    ] as const) {
      const r = await installBytes(bytes, suffix, 1, ['testdata', '*_test.go', 'test']);
      expect(r.error).toBeUndefined();
      const files = (await readdir(r.target, { recursive: true })).sort();
      // `test` has no slash: every component named test goes, top/test and top/src/test alike; lib/ and src/
      // had no entries of their own, only excluded contents.
      expect(files).toEqual(['keep.go']);
    }
  });

  it('anchors an exclude pattern with a slash at the root after strip', async () => {
    const entries: RawEntry[] = [
      { path: 'top/test/run.sh', body: 'suite' },
      { path: 'top/src/test/kept.txt', body: 'kept' },
    ];
    const r = await installBytes(craftTarGz(entries), 'tgz', 1, ['test/*', 'src/none']);
    expect(r.error).toBeUndefined();
    expect((await readdir(r.target, { recursive: true })).sort()).toEqual(['src', 'src/test', 'src/test/kept.txt']);
  });

  it('ignores megabytes after the end-of-archive blocks (GNU tar stops reading there)', async () => {
    const archive = gunzipSync(craftTarGz(ok));
    const r = await installBytes(gzipSync(Buffer.concat([archive, randomBytes(4 << 20)])), 'tgz');
    expect(r.error).toBeUndefined();
    expect(await readFile(join(r.target, 'pkg/bin/run'), 'utf8')).toBe('#!/bin/sh\n');
  });
});

describe('safeEntryPath', () => {
  it('strips components and normalizes', () => {
    expect(safeEntryPath('./go/bin/go', 'file', undefined, 1)).toBe('bin/go');
    expect(safeEntryPath('go/', 'directory', undefined, 1)).toBeUndefined();
    expect(safeEntryPath('a/b/link', 'symlink', '../c', 0)).toBe('a/b/link');
    expect(safeEntryPath('a/link', 'hardlink', 'a/target', 0)).toBe('a/link');
  });

  it('refuses escapes', () => {
    expect(() => safeEntryPath('a/link', 'symlink', '../../x', 0)).toThrow(/escapes/);
    expect(() => safeEntryPath('C:/x', 'file', undefined, 0)).toThrow(/absolute path/);
    expect(() => safeEntryPath('a\\..\\..\\x', 'file', undefined, 0)).toThrow(/'\.\.'/);
  });
});

describe('archiveKind', () => {
  it.each([
    ['https://h/go.tgz', 'tar.gz'],
    ['https://h/go.tar.gz?x=1', 'tar.gz'],
    ['https://h/py.tar.xz', 'tar.xz'],
    ['https://h/a.zip', 'zip'],
    ['https://h/install.sh', 'sh'],
    ['https://h/agent.jar', 'file'],
  ])('%s → %s', (uri, kind) => {
    expect(archiveKind(uri)).toBe(kind);
  });
});

describe('extractZip with limits (untrusted zips)', () => {
  const limits: ZipLimits = { maxEntries: 3, maxBytes: 1000, maxRatio: 100, ratioGraceBytes: 100 };

  it('refuses a zip over the size or entry limit before writing anything', async () => {
    const zip = join(dir, 'limits.zip');
    await writeFile(zip, craftZip([{ path: 'a', body: Buffer.alloc(600) }, { path: 'b', body: Buffer.alloc(600) }]));
    await expect(extractZip(zip, join(dir, 'limits-out'), 0, undefined, limits)).rejects.toThrow('zip unpacks to more than 1000B (the limit), refusing to extract it');
    await writeFile(zip, craftZip(['a', 'b', 'c', 'd'].map((path) => ({ path, body: 'x' }))));
    await expect(extractZip(zip, join(dir, 'limits-out'), 0, undefined, limits)).rejects.toThrow('zip has 4 entries, more than the limit of 3');
    await expect(lstat(join(dir, 'limits-out'))).rejects.toThrow(/ENOENT/);
    await expect(extractZip(zip, join(dir, 'unlimited-out'), 0)).resolves.toEqual([]);
  });

  it('refuses an entry that inflates more than maxRatio:1 past the grace size', () => {
    const entry = (uncompressedSize: number, compressedSize: number) => [{ name: 'bomb', compressedSize, uncompressedSize }];
    expect(() => checkZipLimits(entry(100, 1), limits)).not.toThrow();
    expect(() => checkZipLimits(entry(500, 5), limits)).not.toThrow();
    expect(() => checkZipLimits(entry(501, 5), limits)).toThrow(new ArchiveLimitError('refusing to extract bomb: it inflates 5B to 501B (100:1, more than 100:1), a zip bomb'));
    expect(() => checkZipLimits(entry(3 * 1024 ** 3, 3 * 1024 ** 2), { ...limits, maxBytes: 4 * 1024 ** 3 })).toThrow(
      'refusing to extract bomb: it inflates 3M to 3G (1024:1, more than 100:1), a zip bomb',
    );
  });
});
