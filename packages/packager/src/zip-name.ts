import { PackagerError } from './packager-error.ts';

export interface ZipNameParts {
  language: string;
  version: string;
  cached: boolean;
  /** Unset for an any-stack zip. */
  stack?: string | undefined;
}

// Every part lands in a file name (and in CC's buildpack filename): nothing that could add a path segment.
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

function checkNamePart(what: string, value: string): void {
  if (!SAFE.test(value)) throw new PackagerError(`Invalid ${what} \`${value}\`: use letters, digits, '.', '_', '+' and '-'`);
}

/** libbuildpack's packager name: `<language>_buildpack[-cached][-<stack>]-v<version>.zip`. */
export function zipFileName(parts: ZipNameParts): string {
  checkNamePart('language', parts.language);
  checkNamePart('version', parts.version);
  if (parts.stack !== undefined) checkNamePart('stack', parts.stack);
  const cached = parts.cached ? '-cached' : '';
  const stack = parts.stack ? `-${parts.stack}` : '';
  return `${parts.language}_buildpack${cached}${stack}-v${parts.version}.zip`;
}

/** Matches the zips this packager writes, so re-packaging a directory never picks up its own output. */
export const PACKAGED_ZIP = /^[A-Za-z0-9._+-]+_buildpack(-cached)?(-[A-Za-z0-9._+-]+)?-v[A-Za-z0-9._+-]+\.zip$/;
