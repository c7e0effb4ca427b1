import { readdir, stat } from 'node:fs/promises';

// Each answers false for a missing path *and* for one that can't be read: a buildpack asking "is there a
// go.mod?" wants no for an unreadable one too, and the error that matters surfaces when it is opened.

/** Anything at `path`, following symlinks. */
export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

export async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** A directory with at least one entry (false for a missing or empty one, or a file). */
export async function hasEntries(dir: string): Promise<boolean> {
  return readdir(dir).then(
    (names) => names.length > 0,
    () => false,
  );
}
