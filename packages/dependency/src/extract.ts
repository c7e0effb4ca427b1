import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, readlink, realpath, symlink, utimes } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Transform, Writable as WritableBase, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { UnsafeArchiveEntryError, safeEntryPath } from './archive-entry.ts';
import type { EntryKind } from './archive-entry.ts';
import { type ExcludeRules, excludeRules, pathParts } from './exclude.ts';
import { TarHeaderWalker } from './tar-headers.ts';
import { type ZipLimits, checkZipEntryCount, checkZipLimits } from './zip-limits.ts';

/** How a dependency is unpacked, from its URI suffix (libbuildpack order). */
export type ArchiveKind = 'sh' | 'zip' | 'tar.xz' | 'tar.gz' | 'file';

export function archiveKind(uri: string): ArchiveKind {
  const path = uri.split(/[?#]/)[0] ?? uri;
  if (path.endsWith('.sh')) return 'sh';
  if (path.endsWith('.zip')) return 'zip';
  if (path.endsWith('.tar.xz')) return 'tar.xz';
  if (path.endsWith('.tar.gz') || path.endsWith('.tgz')) return 'tar.gz';
  return 'file';
}

/** Receives the dependency's bytes as they arrive; `finish` settles when everything is on disk. */
export interface ByteSink {
  write(chunk: Buffer): Promise<void>;
  finish(): Promise<void>;
  /** Stops work after a failure elsewhere (network error, sha256 mismatch). */
  abort(): void;
  /** Symlinks created (relative to the output directory), to re-check once all entries exist. */
  readonly symlinks: string[];
}

class StreamSink implements ByteSink {
  failure: Error | undefined;
  readonly symlinks: string[] = [];
  private readonly done: Promise<void>;

  constructor(
    private readonly input: Writable,
    done: Promise<void>,
    private readonly onAbort: () => void = () => undefined,
  ) {
    this.done = done.catch((err: unknown) => {
      this.failure ??= err as Error;
      throw this.failure;
    });
    this.done.catch(() => undefined);
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.input.write(chunk)) return;
    await Promise.race([once(this.input, 'drain').catch(() => undefined), this.done.catch(() => undefined)]);
    if (this.failure) throw this.failure;
  }

  async finish(): Promise<void> {
    if (!this.failure) this.input.end();
    await this.done;
  }

  abort(): void {
    this.failure ??= new Error('aborted');
    this.input.destroy();
    this.onAbort();
  }
}

/** Writes the bytes to one file. */
export function fileSink(path: string): ByteSink {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const done = new Promise<void>((ok, fail) => {
    out.on('error', fail);
    out.on('close', () => ok());
  });
  return new StreamSink(out, done);
}

interface TarModule {
  Unpack: typeof import('tar').Unpack;
}

let tarModule: Promise<TarModule> | undefined;
// tar is loaded on first use so phases that install nothing start fast.
const loadTar = (): Promise<TarModule> => (tarModule ??= import('tar'));

function tarKind(type: string): EntryKind {
  switch (type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file';
    case 'Directory':
    case 'GNUDumpDir':
      return 'directory';
    case 'SymbolicLink':
      return 'symlink';
    case 'Link':
      return 'hardlink';
    default:
      return 'other';
  }
}

async function createUnpack(outDir: string, strip: number, symlinks: string[], exclude: ExcludeRules): Promise<{ unpack: InstanceType<TarModule['Unpack']>; done: Promise<void> }> {
  const { Unpack } = await loadTar();
  let unsafe: Error | undefined;
  const unpack = new Unpack({
    cwd: outDir,
    strip,
    strict: true,
    preserveOwner: false,
    // libbuildpack's extractor does not restore mtimes either; skipping futimes per file matters for big trees.
    noMtime: true,
    // Our own gunzip runs in the thread pool; node-tar's would run on the main thread.
    maxDecompressionRatio: Number.POSITIVE_INFINITY,
    filter: (path, entry) => {
      if (unsafe) return false;
      const type = 'type' in entry ? String(entry.type) : 'File';
      const linkpath = 'linkpath' in entry && entry.linkpath ? String(entry.linkpath) : undefined;
      try {
        const stripped = safeEntryPath(path, tarKind(type), linkpath, strip);
        if (exclude.excludes(pathParts(path), strip)) return false;
        if (stripped !== undefined && type === 'SymbolicLink') symlinks.push(stripped);
        return true;
      } catch (err) {
        unsafe = err as Error;
        unpack.abort(unsafe);
        return false;
      }
    },
  });
  const done = new Promise<void>((ok, fail) => {
    unpack.on('error', (err: Error) => fail(unsafe ?? err));
    unpack.on('close', () => (unsafe ? fail(unsafe) : ok()));
  });
  return { unpack, done };
}

/** gunzip (zlib, thread pool) or `xz -dc` (node has no xz decoder) → tar entries written under `outDir`, as the bytes stream in. */
export async function jsTarSink(outDir: string, strip: number, compression: 'gz' | 'xz', exclude: ExcludeRules): Promise<ByteSink> {
  const symlinks: string[] = [];
  const { unpack, done } = await createUnpack(outDir, strip, symlinks, exclude);
  const { input, output, done: decompressed, stop } = decompressor(compression);
  const piped = pipeline(output, unpack as unknown as Writable);
  const sink = new StreamSink(input, Promise.all([decompressed, piped, done]).then(() => undefined), () => {
    stop();
    unpack.abort(new Error('aborted'));
  });
  return Object.assign(sink, { symlinks });
}

/**
 * The stack's GNU tar writes the files (several times faster than JavaScript on trees of thousands of files,
 * such as a Go or Ruby toolchain) while a header-only walker (tar-headers.ts) applies the same entry rules
 * as the JavaScript path to each chunk before tar gets it: an unsafe entry aborts the extraction with the
 * same error. GNU tar itself also refuses '..' and absolute names and delays links that point outside, so
 * nothing lands outside `outDir` either way. Still one pass over the bytes as they stream in, and one
 * decompression (zlib in the thread pool, or `xz -dc`).
 */
export async function nativeTarSink(
  tarPath: string,
  outDir: string,
  strip: number,
  compression: 'gz' | 'xz',
  exclude: ExcludeRules,
): Promise<ByteSink> {
  const symlinks: string[] = [];
  let unsafe: Error | undefined;
  const args = ['-x', '-f', '-', '-C', outDir, '--no-same-owner', '-m', ...exclude.tarArgs(strip)];
  if (strip > 0) args.push(`--strip-components=${strip}`);
  const tar = spawn(tarPath, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  tar.stderr.on('data', (b) => (stderr += String(b)));
  const exited = new Promise<void>((ok, fail) => {
    tar.on('error', (err) => fail(new Error(`cannot run tar: ${err.message}`)));
    tar.on('close', (code, signal) => {
      if (unsafe) fail(unsafe);
      else if (code === 0) ok();
      else fail(new Error(`tar -x failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
    });
  });
  tar.stdin.on('error', () => undefined);
  const walker = new TarHeaderWalker((member) => {
    const stripped = safeEntryPath(member.path, member.kind, member.linkpath, strip);
    if (stripped !== undefined && member.kind === 'symlink' && !exclude.excludes(pathParts(member.path), strip)) symlinks.push(stripped);
  });
  // Every chunk is checked before tar sees it: an unsafe member's header never reaches tar.
  const checked = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        walker.write(chunk);
      } catch (err) {
        unsafe ??= err as Error;
        tar.kill();
        done(unsafe);
        return;
      }
      done(null, chunk);
    },
    flush(done) {
      try {
        walker.end();
        done();
      } catch (err) {
        unsafe ??= err as Error;
        done(unsafe);
      }
    },
  });
  const { input, output: decompressed, done: decompressedAll, stop } = decompressor(compression);
  const fed = pipeline(decompressed, checked, new ChildStdin(tar.stdin));
  const sink = new StreamSink(input, Promise.all([exited, fed, decompressedAll]).then(() => undefined), () => {
    tar.kill();
    stop();
  });
  return Object.assign(sink, { symlinks });
}

interface Decompressor {
  input: Writable;
  output: NodeJS.ReadableStream;
  done: Promise<void>;
  stop(): void;
}

function decompressor(compression: 'gz' | 'xz'): Decompressor {
  if (compression === 'gz') {
    const gunzip = createGunzip({ chunkSize: 1 << 18 });
    return { input: gunzip, output: gunzip, done: Promise.resolve(), stop: () => gunzip.destroy() };
  }
  const xz = spawn('xz', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  xz.stderr.on('data', (b) => (stderr += String(b)));
  xz.stdin.on('error', () => undefined);
  const done = new Promise<void>((ok, fail) => {
    xz.on('error', (err) => fail(new Error(`cannot run xz to unpack .tar.xz: ${err.message}`)));
    xz.on('close', (code, signal) => {
      if (code === 0) ok();
      else fail(new Error(`xz -dc failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
    });
  });
  return { input: xz.stdin, output: xz.stdout, done, stop: () => xz.kill() };
}

const QUEUE_LIMIT = 8 << 20;

/**
 * Writes into a child's stdin. A pipe takes 64 KiB at a time: waiting for each drain would stall the
 * decompressor between them, so up to QUEUE_LIMIT may be queued while tar writes files. A child that has
 * gone (tar exits after the end-of-archive blocks) takes no more bytes; its exit status reports failures.
 */
class ChildStdin extends WritableBase {
  constructor(private readonly stdin: Writable) {
    super({ highWaterMark: 1 << 20 });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    const t = this.stdin;
    if (t.destroyed || t.writableEnded || t.write(chunk) || t.writableLength <= QUEUE_LIMIT) return done();
    const settle = (): void => {
      t.off('drain', settle);
      t.off('close', settle);
      done();
    };
    t.on('drain', settle);
    t.on('close', settle);
  }

  override _final(done: (err?: Error | null) => void): void {
    this.stdin.end();
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    if (err) this.stdin.destroy();
    done(err);
  }
}

/** No platform takes a longer link target (Linux PATH_MAX); a bigger "symlink" entry is a bomb, not a link. */
const MAX_LINK_TARGET = 4096;

/**
 * Extracts a downloaded zip into `outDir` with the same path rules as tarballs. With `limits` (an untrusted
 * zip), the whole central directory is checked first and an oversized zip is refused before anything is written.
 */
export async function extractZip(
  zipPath: string,
  outDir: string,
  strip: number,
  exclude: ExcludeRules = excludeRules(),
  limits?: ZipLimits,
): Promise<string[]> {
  const yauzl = await import('yauzl');
  // autoClose off: the entries are listed first and read afterwards, so the file stays open past 'end'.
  const zip = await yauzl.openPromise(zipPath, { decodeStrings: false, validateEntrySizes: true, autoClose: false });
  const symlinks: string[] = [];
  try {
    if (limits) checkZipEntryCount(zip.entryCount, limits);
    const entries: Array<{ entry: import('yauzl').Entry; name: string }> = [];
    for await (const entry of zip.eachEntry()) {
      entries.push({ entry, name: yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false) });
    }
    if (limits) checkZipLimits(entries.map(({ entry, name }) => ({ name, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize })), limits);
    await mkdir(outDir, { recursive: true });
    for (const { entry, name } of entries) {
      const unixMode = entry.externalFileAttributes >>> 16;
      const isDir = name.endsWith('/');
      const isLink = !isDir && (unixMode & 0o170000) === 0o120000;
      if (isLink && entry.uncompressedSize > MAX_LINK_TARGET) {
        throw new UnsafeArchiveEntryError(`refusing to extract ${name}: a ${entry.uncompressedSize}-byte link target`);
      }
      const readAll = async (): Promise<Buffer> => {
        const stream = await zip.openReadStreamPromise(entry);
        const chunks: Buffer[] = [];
        for await (const c of stream) chunks.push(c as Buffer);
        return Buffer.concat(chunks);
      };
      const target = isLink ? (await readAll()).toString('utf8') : undefined;
      const rel = safeEntryPath(name, isDir ? 'directory' : isLink ? 'symlink' : 'file', target, strip);
      if (rel === undefined || exclude.excludes(pathParts(name), strip)) continue;
      const dest = join(outDir, rel);
      // A directory may be an earlier link that stays inside; a file or link must not replace or go through one.
      await ensureInside(outDir, isDir ? dest : dirname(dest));
      if (!isDir && (await lstat(dest).catch(() => undefined))?.isSymbolicLink()) {
        throw new UnsafeArchiveEntryError(`refusing to extract ${name}: it would write through the link extracted there before`);
      }
      if (isDir) {
        await mkdir(dest, { recursive: true });
        if (unixMode & 0o777) await chmod(dest, (unixMode & 0o777) | 0o700);
      } else if (isLink) {
        await mkdir(dirname(dest), { recursive: true });
        await symlink(target!, dest);
        symlinks.push(rel);
      } else {
        await mkdir(dirname(dest), { recursive: true });
        const stream = await zip.openReadStreamPromise(entry);
        await pipeline(stream, createWriteStream(dest, { mode: unixMode & 0o777 || 0o644 }));
        if (unixMode & 0o777) await chmod(dest, unixMode & 0o777);
        const mtime = entry.getLastModDate();
        await utimes(dest, mtime, mtime).catch(() => undefined);
      }
    }
  } finally {
    zip.close();
  }
  return symlinks;
}

/**
 * A parent directory reached through an earlier symlink must still be inside the output directory. It may not
 * exist yet: `mkdir -p` would create it wherever its nearest existing ancestor really is, so that one decides.
 */
async function ensureInside(outDir: string, dir: string): Promise<void> {
  let real: string | undefined;
  for (let probe = dir; real === undefined; probe = dirname(probe)) {
    try {
      real = await realpath(probe);
    } catch {
      if (dirname(probe) === probe) return;
    }
  }
  const root = await realpath(outDir);
  if (real !== root && !real.startsWith(root + sep)) {
    throw new UnsafeArchiveEntryError(`refusing to extract into ${relative(outDir, dir)}: it resolves outside the install directory`);
  }
}

/**
 * Re-checks extracted symlinks against the real filesystem: a chain of individually harmless links
 * (`a -> .`, `b -> a/..`) can still escape, which textual checks cannot see.
 */
export async function verifySymlinks(outDir: string, symlinks: readonly string[]): Promise<void> {
  if (symlinks.length === 0) return;
  const root = await realpath(outDir);
  for (const rel of symlinks) {
    const path = join(outDir, rel);
    const info = await lstat(path).catch(() => undefined);
    if (!info?.isSymbolicLink()) continue;
    let resolved: string;
    try {
      resolved = await realpath(path);
    } catch {
      // Dangling: harmless unless its target climbs with '..' through other links.
      const target = await readlink(path);
      if (target.split('/').includes('..')) {
        throw new UnsafeArchiveEntryError(`refusing to extract ${rel}: link target ${target} escapes the install directory`);
      }
      continue;
    }
    if (resolved !== root && !resolved.startsWith(root + sep)) {
      throw new UnsafeArchiveEntryError(`refusing to extract ${rel}: link resolves outside the install directory`);
    }
  }
}
