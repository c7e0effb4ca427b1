// Every package the app's lockfiles pin, from the lockfiles at the top of the app dir (where the buildpacks read
// them). A lockfile that is missing is no packages; one that cannot be read or parsed is skipped, because an SBOM
// that lists the rest is worth more than a staging that fails over a stray file.
import { compareBy } from './compare-text.ts';
import { GEMFILE_LOCKFILES, readGemfileLock } from './read-gemfile-lock.ts';
import { GO_MODULE_FILES, readGoModules } from './read-go-modules.ts';
import { NPM_LOCKFILES, readNpmLockfile } from './read-npm-lockfile.ts';
import { PNPM_LOCKFILE, readPnpmLock } from './read-pnpm-lock.ts';
import { YARN_LOCKFILE, readYarnLock } from './read-yarn-lock.ts';
import type { AppPackage } from './sbom-input.ts';

/** Every file readAppPackages may read, relative to the app dir: what to keep of an app to read it again later. */
export const APP_LOCKFILES: readonly string[] = [...GO_MODULE_FILES, ...GEMFILE_LOCKFILES, ...NPM_LOCKFILES, YARN_LOCKFILE, PNPM_LOCKFILE];

const READERS: ((appDir: string) => Promise<AppPackage[]>)[] = [readGoModules, readGemfileLock, readNpmLockfile, readYarnLock, readPnpmLock];

/** Sorted by ecosystem, name, version and lockfile. */
export async function readAppPackages(appDir: string): Promise<AppPackage[]> {
  const lists = await Promise.all(READERS.map((read) => read(appDir).catch((): AppPackage[] => [])));
  return lists.flat().sort(compareBy((p) => p.ecosystem, (p) => p.name, (p) => p.version, (p) => p.lockfile));
}
