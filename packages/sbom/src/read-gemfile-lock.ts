// The gems a Bundler lockfile pins: the specs of every source section (GEM for rubygems.org and other gem
// servers, GIT, PATH, PLUGIN SOURCE) with the sha256 Bundler 2.5+ records under CHECKSUMS.
import { join } from 'node:path';
import { readTextFile } from './read-text-file.ts';
import type { AppPackage } from './sbom-input.ts';

const SOURCE_SECTIONS = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);

// Bundler's own lockfile names: Gemfile.lock, or gems.locked beside a gems.rb.
export const GEMFILE_LOCKFILES = ['Gemfile.lock', 'gems.locked'] as const;

/** A spec line, `name (version)` where version may end in `-platform`; CHECKSUMS lines add ` sha256=…`. */
const SPEC = /^(\S+) \(([^)\s]+)\)(?:\s+(.*))?$/;

export function parseGemfileLock(text: string, lockfile = 'Gemfile.lock'): AppPackage[] {
  const specs: { name: string; version: string }[] = [];
  const checksums = new Map<string, string>();
  let section = '';
  let inSpecs = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      section = line.trim();
      inSpecs = false;
      continue;
    }
    if (SOURCE_SECTIONS.has(section)) {
      if (indent === 2) inSpecs = line.trim() === 'specs:';
      // Four spaces: a spec. Six: one of its dependencies, a requirement rather than something installed.
      else if (indent === 4 && inSpecs) {
        const m = SPEC.exec(line.trim());
        if (m?.[1] && m[2]) specs.push({ name: m[1], version: m[2] });
      }
    } else if (section === 'CHECKSUMS' && indent === 2) {
      const m = SPEC.exec(line.trim());
      const sha256 = m?.[3]?.split(',').map((s) => s.trim()).find((s) => s.startsWith('sha256='));
      if (m?.[1] && m[2] && sha256) checksums.set(`${m[1]} ${m[2]}`, sha256);
    }
  }
  const seen = new Set<string>();
  return specs.flatMap(({ name, version }) => {
    const key = `${name} ${version}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const integrity = checksums.get(key);
    return [{ ecosystem: 'gem' as const, name, version, lockfile, ...(integrity ? { integrity } : {}) }];
  });
}

export async function readGemfileLock(appDir: string): Promise<AppPackage[]> {
  for (const lockfile of GEMFILE_LOCKFILES) {
    const text = await readTextFile(join(appDir, lockfile));
    if (text !== undefined) return parseGemfileLock(text, lockfile);
  }
  return [];
}
