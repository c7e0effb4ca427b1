import { readFile } from 'node:fs/promises';
import { isFile } from '@bpkit/fs';

/**
 * A lockfile's text, or undefined when the app has none. A file that is there but cannot be read throws: the
 * caller decides whether that lockfile is skipped.
 */
export async function readTextFile(path: string): Promise<string | undefined> {
  return (await isFile(path)) ? readFile(path, 'utf8') : undefined;
}
