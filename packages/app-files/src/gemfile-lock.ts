// Bundler's sections that hold what is installed: rubygems.org and other gem servers, git and path gems, plugins.
const SOURCE_SECTIONS = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);

/** A spec line, `name (version)` where version may end in `-platform`; CHECKSUMS lines add ` sha256=…`. */
const SPEC = /^(\S+) \(([^)\s]+)\)(?:\s+(.*))?$/;

// The platform suffix of a locked version (`1.16.0-x86_64-linux`).
const PLATFORM = /-(?:x86|x64|arm|aarch|universal|java|mswin|mingw|darwin|linux).*$/;

/** A gem as locked: `version` as the lockfile writes it, platform suffix included. */
export interface LockedGem {
  name: string;
  version: string;
}

export interface GemfileLock {
  /** Every spec of the source sections, in order, each name and version once. */
  specs: LockedGem[];
  /** Each locked gem's version without its platform suffix: what `rails` or `rack` is, by name. */
  versions: ReadonlyMap<string, string>;
  /** Bundler 2.5+'s CHECKSUMS: `sha256=…` keyed `name version`. */
  checksums: ReadonlyMap<string, string>;
  /** `RUBY VERSION` → `ruby 3.2.4p100` → `3.2.4`. */
  rubyVersion?: string;
  /** `BUNDLED WITH` → `2.5.3`. */
  bundledWith?: string;
}

/** A Gemfile.lock (or gems.locked) read by its sections, as Bundler writes them; Windows line endings allowed. */
export function parseGemfileLock(text: string): GemfileLock {
  const specs: LockedGem[] = [];
  const seen = new Set<string>();
  const versions = new Map<string, string>();
  const checksums = new Map<string, string>();
  const lock: GemfileLock = { specs, versions, checksums };
  let section = '';
  let inSpecs = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      section = line.trim();
      inSpecs = false;
    } else if (SOURCE_SECTIONS.has(section)) {
      if (indent === 2) inSpecs = line.trim() === 'specs:';
      // Four spaces: a spec. Six: one of its dependencies, a requirement rather than something installed.
      else if (indent === 4 && inSpecs) {
        const m = SPEC.exec(line.trim());
        if (!m?.[1] || !m[2] || seen.has(`${m[1]} ${m[2]}`)) continue;
        seen.add(`${m[1]} ${m[2]}`);
        specs.push({ name: m[1], version: m[2] });
        versions.set(m[1], m[2].replace(PLATFORM, ''));
      }
    } else if (section === 'CHECKSUMS' && indent === 2) {
      const m = SPEC.exec(line.trim());
      const sha256 = m?.[3]?.split(',').map((s) => s.trim()).find((s) => s.startsWith('sha256='));
      if (m?.[1] && m[2] && sha256) checksums.set(`${m[1]} ${m[2]}`, sha256);
    } else if (section === 'RUBY VERSION') {
      const m = /^\s+ruby\s+(\d+(?:\.\d+)*)/.exec(line);
      if (m) lock.rubyVersion = m[1];
    } else if (section === 'BUNDLED WITH') {
      const m = /^\s+(\d+\.\d+\.\d+\S*)/.exec(line);
      if (m) lock.bundledWith = m[1];
    }
  }
  return lock;
}
