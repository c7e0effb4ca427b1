import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MalformedTarError, type TarMember, TarHeaderWalker } from './tar-headers.ts';

let dir: string;
const longDir = `${'d'.repeat(90)}/${'e'.repeat(90)}`;
const longFile = `${longDir}/${'f'.repeat(120)}.txt`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bpkit-tarheaders-'));
  const src = join(dir, 'src');
  await mkdir(join(src, 'top', longDir), { recursive: true });
  await writeFile(join(src, 'top', longFile), 'x'.repeat(1500));
  await writeFile(join(src, 'top', 'small'), '');
  await symlink(`${'../'.repeat(0)}${'t'.repeat(150)}`, join(src, 'top', 'longlink'));
  await symlink('small', join(src, 'top', 'shortlink'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Changes one member's header and fixes its checksum, so only the change is wrong. */
function patchHeader(original: Buffer, name: string, patch: (block: Buffer) => void): Buffer {
  const archive = Buffer.from(original);
  for (let off = 0; off < archive.length; off += 512) {
    if (!archive.subarray(off, off + 100).toString('latin1').startsWith(`${name}\0`)) continue;
    const block = archive.subarray(off, off + 512);
    patch(block);
    block.fill(0x20, 148, 156);
    const sum = block.reduce((n, b) => n + b, 0);
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    return archive;
  }
  throw new Error(`no header for ${name}`);
}

/** Feeds the walker in awkward chunk sizes, as a network stream would. */
function walk(archive: Buffer, chunk = 333): TarMember[] {
  const members: TarMember[] = [];
  const walker = new TarHeaderWalker((m) => members.push(m));
  for (let i = 0; i < archive.length; i += chunk) walker.write(archive.subarray(i, i + chunk));
  walker.end();
  return members;
}

function gnuTar(format: string): Buffer {
  return execFileSync('tar', ['-c', '-f', '-', `--format=${format}`, '-C', join(dir, 'src'), 'top'], { maxBuffer: 1 << 26 });
}

function listing(archive: Buffer): string[] {
  return execFileSync('tar', ['-t', '-f', '-'], { input: archive, encoding: 'utf8' }).trim().split('\n');
}

describe('TarHeaderWalker', () => {
  it.each(['gnu', 'pax', 'oldgnu'])('reads the members GNU tar lists, with long names and links (%s format)', (format) => {
    const archive = gnuTar(format);
    const members = walk(archive);
    expect(members.map((m) => m.path.replace(/\/$/, ''))).toEqual(listing(archive).map((p) => p.replace(/\/$/, '')));
    expect(members.find((m) => m.path.endsWith('.txt'))).toMatchObject({ path: `top/${longFile}`, kind: 'file' });
    expect(members.find((m) => m.path === 'top/longlink')).toMatchObject({ kind: 'symlink', linkpath: 't'.repeat(150) });
    expect(members.find((m) => m.path === 'top/shortlink')).toMatchObject({ kind: 'symlink', linkpath: 'small' });
  });

  it('reads ustar prefixes', () => {
    // ustar has no long-name members: a 190-character path is split into prefix and name.
    const archive = execFileSync('tar', ['-c', '-f', '-', '--format=ustar', '--no-recursion', '-C', join(dir, 'src'), `top/${longDir}`]);
    expect(walk(archive, 7).map((m) => m.path)).toEqual([`top/${longDir}/`]);
  });

  it('stops at the two zero blocks that end an archive, as GNU tar does', () => {
    const archive = gnuTar('gnu');
    const members = walk(Buffer.concat([archive, Buffer.from('not a tar header'.repeat(100))]));
    expect(members.length).toBe(listing(archive).length);
  });

  it('refuses a header whose checksum is wrong', () => {
    const archive = Buffer.from(gnuTar('gnu'));
    archive[10] = (archive[10] as number) ^ 0x20;
    expect(() => walk(archive)).toThrow(MalformedTarError);
  });

  it('refuses a symlink or directory that claims contents (tars disagree on where the next header is)', () => {
    const archive = patchHeader(gnuTar('gnu'), 'top/shortlink', (block) => block.write('00000001000\0', 124, 'latin1'));
    expect(() => walk(archive)).toThrow(/has type '2' and a size of 512/);
  });

  it('refuses an archive cut off inside a member', () => {
    const archive = gnuTar('gnu');
    expect(() => walk(archive.subarray(0, 512 + 100))).toThrow(/unexpected end/);
  });

  it('refuses sparse members and PAX globals that rename members', () => {
    const sparse = patchHeader(gnuTar('gnu'), 'top/small', (block) => block.write('S', 156, 'latin1'));
    expect(() => walk(sparse)).toThrow(/sparse/);
    const pax = execFileSync('tar', ['-c', '-f', '-', '--format=pax', '--pax-option=path=renamed', '-C', join(dir, 'src'), 'top/small']);
    expect(() => walk(pax)).toThrow(/PAX global header record 'path'/);
  });
});
