import { posix } from 'node:path';

/** An archive entry that would land (or point) outside the install directory. */
export class UnsafeArchiveEntryError extends Error {
  override name = 'UnsafeArchiveEntryError';
}

export type EntryKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/**
 * Checks an entry before anything is written and returns its path after stripping `strip` leading
 * components (`undefined` = nothing left, skip it). Absolute paths, `..` components and links whose
 * target resolves outside the install directory are refused, not silently rewritten.
 */
export function safeEntryPath(rawPath: string, kind: EntryKind, linkpath: string | undefined, strip: number): string | undefined {
  const path = rawPath.replace(/\\/g, '/');
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path)) throw new UnsafeArchiveEntryError(`refusing to extract ${rawPath}: absolute path`);
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new UnsafeArchiveEntryError(`refusing to extract ${rawPath}: path contains '..'`);
  const kept = parts.slice(strip);
  if (kept.length === 0) return undefined;
  const stripped = kept.join('/');

  if (kind === 'symlink' || kind === 'hardlink') {
    const target = (linkpath ?? '').replace(/\\/g, '/');
    if (target === '') throw new UnsafeArchiveEntryError(`refusing to extract ${rawPath}: empty link target`);
    if (target.startsWith('/') || /^[a-zA-Z]:/.test(target)) {
      throw new UnsafeArchiveEntryError(`refusing to extract ${rawPath}: link to absolute path ${target}`);
    }
    // Symlink targets are relative to the link's directory; hardlink targets to the archive root.
    const resolved =
      kind === 'symlink'
        ? posix.normalize(posix.join(posix.dirname(stripped), target))
        : posix.normalize(target.split('/').filter((p) => p !== '' && p !== '.').slice(strip).join('/') || '.');
    if (resolved === '..' || resolved.startsWith('../') || (kind === 'hardlink' && target.split('/').includes('..'))) {
      throw new UnsafeArchiveEntryError(`refusing to extract ${rawPath}: link target ${target} escapes the install directory`);
    }
  }
  return stripped;
}
