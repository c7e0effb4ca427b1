import { join, posix } from 'node:path';
import { BuildpackError, type Env, readYamlFile, rethrowAs } from '@bpkit/buildpack';
import { EXIT } from './exit-codes.ts';

/** buildpack.yml `go: ldflags: {symbol: value}` (go-buildpack's BuildpackConfig); {} without the file. */
export async function readLdflags(buildDir: string): Promise<Record<string, string>> {
  const doc = await rethrowAs('Unable to parse buildpack.yml', EXIT.finalize, () => readYamlFile(join(buildDir, 'buildpack.yml')));
  const ldflags = (doc as { go?: { ldflags?: unknown } } | null | undefined)?.go?.ldflags;
  if (ldflags === undefined || ldflags === null) return {};
  if (typeof ldflags !== 'object' || Array.isArray(ldflags)) {
    throw new BuildpackError('Unable to parse buildpack.yml: go.ldflags must map symbols to values', { exitCode: EXIT.finalize });
  }
  return Object.fromEntries(Object.entries(ldflags).map(([k, v]) => [k, String(v)]));
}

/**
 * go-buildpack's SetBuildFlags: `-tags cloudfoundry -buildmode pie`, then one `-ldflags` holding an
 * `-X symbol=value` per buildpack.yml entry and GO_LINKER_SYMBOL/GO_LINKER_VALUE (which wins).
 * Symbols are sorted so the command (and the build cache key) is the same on every staging.
 */
export function buildFlags(env: Env, ldflags: Record<string, string>): string[] {
  const flags = ['-tags', 'cloudfoundry', '-buildmode', 'pie'];
  const all = { ...ldflags };
  if (env.GO_LINKER_SYMBOL && env.GO_LINKER_VALUE) all[env.GO_LINKER_SYMBOL] = env.GO_LINKER_VALUE;
  const symbols = Object.keys(all).sort();
  if (symbols.length > 0) flags.push('-ldflags', symbols.map((s) => `-X ${ldflagQuote(`${s}=${all[s]}`)}`).join(' '));
  return flags;
}

// go splits -ldflags like a shell would (cmd/internal/quoted): a value with spaces needs quotes.
function ldflagQuote(arg: string): string {
  if (!/[\s'"]/.test(arg)) return arg;
  return arg.includes("'") ? `"${arg}"` : `'${arg}'`;
}

/** GO_INSTALL_PACKAGE_SPEC (space-separated), else Godeps.json's Packages, else `.`. */
export function installPackages(env: Env, godepsPackages?: string[]): { packages: string[]; isDefault: boolean } {
  const spec = env.GO_INSTALL_PACKAGE_SPEC?.trim();
  if (spec) return { packages: spec.split(/\s+/), isDefault: false };
  if (godepsPackages && godepsPackages.length > 0) return { packages: godepsPackages, isDefault: false };
  return { packages: ['.'], isDefault: true };
}

/**
 * The name `go install` gives the first package's binary: its last path element, skipping a major
 * version suffix (`example.com/app/v2` installs `app`); `.` and patterns name the main package.
 */
export function binaryName(firstPackage: string, mainPackage: string): string {
  const useMain = firstPackage === '.' || firstPackage === './' || firstPackage.includes('...');
  const path = (useMain ? mainPackage : firstPackage).replace(/\/+$/, '');
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  let name = parts[parts.length - 1] ?? posix.basename(path);
  if (/^v\d+$/.test(name) && parts.length > 1) name = parts[parts.length - 2] as string;
  return name;
}
