import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildpackError } from '@bpkit/buildpack';

/** The parts of package.json the buildpack reads. Missing or mistyped fields are simply absent. */
export interface PackageJson {
  engines: { node?: string; npm?: string; yarn?: string; pnpm?: string; iojs?: string };
  scripts: Record<string, string>;
  /** `packageManager` (corepack's field), e.g. `yarn@4.5.0` or `pnpm@9.12.0+sha512...`. */
  packageManager?: string;
  /** True when `workspaces` is a non-empty array or an object with packages (yarn's object form, nodejs-buildpack #187). */
  hasWorkspaces: boolean;
  hasDevDependencies: boolean;
}

const EMPTY: PackageJson = { engines: {}, scripts: {}, hasWorkspaces: false, hasDevDependencies: false };

function strings(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Parses package.json text; a syntax error is the user's to fix, shown as CF does ("Unable to load package.json"). */
export function parsePackageJson(text: string): PackageJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new BuildpackError(`Unable to load package.json: ${(err as Error).message}`, { exitCode: 14 });
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ...EMPTY };
  const pkg = raw as Record<string, unknown>;
  const workspaces = pkg['workspaces'];
  const hasWorkspaces = Array.isArray(workspaces)
    ? workspaces.length > 0
    : !!workspaces && typeof workspaces === 'object' && Object.keys(workspaces).length > 0;
  const devDependencies = strings(pkg['devDependencies']);
  const result: PackageJson = {
    engines: strings(pkg['engines']),
    scripts: strings(pkg['scripts']),
    hasWorkspaces,
    hasDevDependencies: Object.keys(devDependencies).length > 0,
  };
  if (typeof pkg['packageManager'] === 'string') result.packageManager = pkg['packageManager'];
  return result;
}

export async function readPackageJson(buildDir: string): Promise<PackageJson> {
  let text: string;
  try {
    text = await readFile(join(buildDir, 'package.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...EMPTY };
    throw err;
  }
  return parsePackageJson(text);
}
