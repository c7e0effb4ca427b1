import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rethrowAs } from '@bpkit/buildpack';
import { EXIT } from './exit-codes.ts';

/** The parts of package.json the buildpack reads. Missing or mistyped fields are simply absent. */
export interface PackageJson {
  engines: { node?: string; npm?: string; yarn?: string; pnpm?: string; iojs?: string };
  scripts: Record<string, string>;
  /** Every dependency field's specifiers by package name (dev, optional, then regular: the last wins, as npm merges them). */
  dependencySpecs: Record<string, string>;
  /** `packageManager` (corepack's field), e.g. `yarn@4.5.0` or `pnpm@9.12.0+sha512...`. */
  packageManager?: string;
}

function strings(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The app's package.json (none: an empty one); a syntax error is the user's to fix, shown as CF does ("Unable to load package.json"). */
export async function readPackageJson(buildDir: string): Promise<PackageJson> {
  let text: string;
  try {
    text = await readFile(join(buildDir, 'package.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { engines: {}, scripts: {}, dependencySpecs: {} };
    throw err;
  }
  const raw: unknown = await rethrowAs('Unable to load package.json', EXIT.packageJson, () => JSON.parse(text));
  const pkg: Record<string, unknown> = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  return {
    engines: strings(pkg['engines']),
    scripts: strings(pkg['scripts']),
    dependencySpecs: { ...strings(pkg['devDependencies']), ...strings(pkg['optionalDependencies']), ...strings(pkg['dependencies']) },
    ...(typeof pkg['packageManager'] === 'string' ? { packageManager: pkg['packageManager'] } : {}),
  };
}
