import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { BuildpackError } from './buildpack-error.ts';

export interface BuildpackInfo {
  /** The buildpack's root: $BUILDPACK_DIR, else the parent of the running program's directory. */
  dir: string;
  /** manifest.yml `language` */
  language: string;
  /** Trimmed VERSION file */
  version: string;
}

// go-buildpack's supply exits 9 when the manifest cannot be loaded and 10 when the buildpack is invalid.
const MANIFEST_EXIT = 9;
const VERSION_EXIT = 10;

/** libbuildpack's GetBuildpackDir: bundles live in <bp>/lib/<phase>.mjs, so argv[1]/.. is the root. */
export function buildpackDir(env: Readonly<Record<string, string | undefined>>, script = process.argv[1] ?? ''): string {
  const fromEnv = env['BUILDPACK_DIR'];
  if (fromEnv) return resolve(fromEnv);
  return resolve(dirname(script), '..');
}

export async function readBuildpackInfo(
  env: Readonly<Record<string, string | undefined>> = process.env,
  script?: string,
): Promise<BuildpackInfo> {
  const dir = buildpackDir(env, script);
  let language: string;
  try {
    language = manifestLanguage(await readFile(join(dir, 'manifest.yml'), 'utf8'));
  } catch (err) {
    throw new BuildpackError(`Unable to load buildpack manifest: ${describe(err)}`, { exitCode: MANIFEST_EXIT, cause: err });
  }
  let version: string;
  try {
    version = (await readFile(join(dir, 'VERSION'), 'utf8')).trim();
  } catch (err) {
    throw new BuildpackError(`Could not determine buildpack version: ${describe(err)}`, { exitCode: VERSION_EXIT, cause: err });
  }
  return { dir, language, version };
}

/** Go's strings.Title: upper-cases the first letter of each word ("dotnet-core" → "Dotnet-Core"). */
export function titleCase(language: string): string {
  return language.replace(/(^|[^\p{L}\p{N}_'])(\p{Ll})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * manifest.yml's top-level `language` scalar. Read without a YAML parser: every phase starts with this,
 * and parsing the whole manifest would cost most of a phase's start-up.
 */
export function manifestLanguage(text: string): string {
  const m = /^language:[ \t]*(?:"([^"]*)"|'([^']*)'|([^\s#'"][^#\r\n]*?))[ \t]*(?:#.*)?$/m.exec(text);
  return (m?.[1] ?? m?.[2] ?? m?.[3] ?? '').trim();
}
