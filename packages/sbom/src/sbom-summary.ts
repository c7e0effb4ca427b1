// The lines `bpkit droplet inspect` prints: one per buildpack install, then one count per lockfile read.
import { compareBy, compareText } from './compare-text.ts';
import { sha256Hex } from './integrity-hashes.ts';
import type { AppPackage, SbomInput } from './sbom-input.ts';

const NOUN: Record<AppPackage['ecosystem'], [one: string, many: string]> = {
  golang: ['Go module', 'Go modules'],
  gem: ['gem', 'gems'],
  npm: ['npm package', 'npm packages'],
};

// Enough of a sha256 to compare by eye against a manifest; the SBOM documents carry all of it.
const SHORT_SHA256 = 8;

/**
 * e.g. `go 1.22.3 (sha256 0123abcd…, installed by go_buildpack at deps/0/go1.22.3)`, `42 Go modules from go.mod`.
 * Installs sorted by droplet path; counts by lockfile. A count is of what that lockfile names, so a package two
 * lockfiles share counts in both.
 */
export function sbomSummary(input: SbomInput): string[] {
  const installs = [...input.installed]
    .sort(compareBy((d) => d.path, (d) => d.name, (d) => d.version))
    .map((dep) => {
      const sha256 = sha256Hex(dep.sha256);
      const hash = sha256 ? `sha256 ${sha256.slice(0, SHORT_SHA256)}…, ` : '';
      return `${dep.name} ${dep.version} (${hash}installed by ${dep.buildpack} at ${dep.path})`;
    });

  const byLockfile = new Map<string, { ecosystem: AppPackage['ecosystem']; lockfile: string; packages: Set<string> }>();
  for (const pkg of input.app) {
    const key = `${pkg.lockfile}\0${pkg.ecosystem}`;
    const group = byLockfile.get(key) ?? { ecosystem: pkg.ecosystem, lockfile: pkg.lockfile, packages: new Set<string>() };
    group.packages.add(`${pkg.name}@${pkg.version}`);
    byLockfile.set(key, group);
  }
  const counts = [...byLockfile.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([, { ecosystem, lockfile, packages }]) => {
      const [one, many] = NOUN[ecosystem];
      return `${packages.size} ${packages.size === 1 ? one : many} from ${lockfile}`;
    });

  return [...installs, ...(counts.length ? counts : ['no app packages read from lockfiles'])];
}
