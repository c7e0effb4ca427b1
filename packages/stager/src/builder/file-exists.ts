// runner.go's fileExists. Not @bpkit/fs's exists: a stat that fails for another reason than "not exist" fails
// staging with Go's error text, as BAL does, instead of answering no.
import { stat } from 'node:fs/promises';
import { pathErrorText } from '../go-compat/go-errors.ts';

export async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new Error(pathErrorText('stat', path, error));
  }
}
