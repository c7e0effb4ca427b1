// The gems a Bundler lockfile pins: the specs of every source section (GEM for rubygems.org and other gem
// servers, GIT, PATH, PLUGIN SOURCE) with the sha256 Bundler 2.5+ records under CHECKSUMS.
import { join } from 'node:path';
import { parseGemfileLock } from '@bpkit/app-files';
import { readTextFile } from './read-text-file.ts';
import type { AppPackage } from './sbom-input.ts';

// Bundler's own lockfile names: Gemfile.lock, or gems.locked beside a gems.rb.
export const GEMFILE_LOCKFILES = ['Gemfile.lock', 'gems.locked'] as const;

function lockedGems(text: string, lockfile: string): AppPackage[] {
  const { specs, checksums } = parseGemfileLock(text);
  return specs.map(({ name, version }) => {
    const integrity = checksums.get(`${name} ${version}`);
    return { ecosystem: 'gem' as const, name, version, lockfile, ...(integrity ? { integrity } : {}) };
  });
}

export async function readGemfileLock(appDir: string): Promise<AppPackage[]> {
  for (const lockfile of GEMFILE_LOCKFILES) {
    const text = await readTextFile(join(appDir, lockfile));
    if (text !== undefined) return lockedGems(text, lockfile);
  }
  return [];
}
