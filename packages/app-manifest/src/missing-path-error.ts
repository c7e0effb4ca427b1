import { ManifestError } from './manifest-error.ts';

/** cf's refusal of a path flag (`-f`, `-p`, `--vars-file`) naming nothing (flag.PathWithExistenceCheck). */
export function missingPathError(path: string, cause?: unknown): ManifestError {
  return new ManifestError(`Incorrect Usage: The specified path '${path}' does not exist.`, { cause });
}

export function isMissingFile(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
