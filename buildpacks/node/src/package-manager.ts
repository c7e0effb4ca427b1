/** What the app's directory says about how its dependencies are installed. */
export interface ProjectLayout {
  files: {
    'package-lock.json'?: boolean;
    'npm-shrinkwrap.json'?: boolean;
    'yarn.lock'?: boolean;
    'pnpm-lock.yaml'?: boolean;
  };
  /** .yarnrc.yml content, when the file exists (Yarn 2+ config). */
  yarnrcYml?: string | undefined;
  /** node_modules/ is in the pushed app. */
  vendoredNodeModules: boolean;
  /** package.json `packageManager`, e.g. `yarn@4.5.0`. */
  packageManager?: string | undefined;
}

export type NpmPlan = { manager: 'npm'; command: 'ci' | 'install' | 'rebuild'; lockfile?: 'package-lock.json' | 'npm-shrinkwrap.json' };
export type YarnPlan = { manager: 'yarn'; flavor: 'classic' | 'berry'; lockfile: 'yarn.lock'; yarnPath?: string };
export type PnpmPlan = { manager: 'pnpm'; lockfile: 'pnpm-lock.yaml' };

export type InstallPlan = (NpmPlan | YarnPlan | PnpmPlan) & {
  /** The version `packageManager` pins for the chosen manager, if it names it. */
  pinnedVersion?: string;
  /** Notes for the staging log (e.g. more than one lockfile). */
  warnings: string[];
};

/** `yarn@4.5.0+sha512.abc` → { name: 'yarn', version: '4.5.0' } */
export function parsePackageManagerField(field: string | undefined): { name: string; version: string } | undefined {
  const m = /^\s*(@?[^@\s]+)@([^+\s]+)/.exec(field ?? '');
  return m ? { name: m[1] as string, version: m[2] as string } : undefined;
}

/** `yarnPath: .yarn/releases/yarn-4.5.0.cjs` from .yarnrc.yml (plain or quoted scalar). */
export function yarnPathOf(yarnrcYml: string | undefined): string | undefined {
  const m = /^yarnPath:\s*(?:"([^"]*)"|'([^']*)'|([^#\s][^#]*?))\s*(?:#.*)?$/m.exec(yarnrcYml ?? '');
  const value = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
  return value ? value.trim() : undefined;
}

function isBerry(layout: ProjectLayout, pinned: { name: string; version: string } | undefined): boolean {
  if (pinned?.name === 'yarn') return !/^1\./.test(pinned.version);
  return layout.yarnrcYml !== undefined || yarnPathOf(layout.yarnrcYml) !== undefined;
}

/**
 * The package manager by lockfile, as CF's users asked for (yarn Berry: nodejs-buildpack #229, pnpm: #398):
 * yarn.lock → yarn (Berry when .yarnrc.yml, yarnPath or `packageManager: yarn@2+` says so, else classic);
 * pnpm-lock.yaml → pnpm; npm-shrinkwrap.json / package-lock.json → `npm ci`; none → `npm install`.
 * A vendored node_modules with npm → `npm rebuild` (no registry needed). When several lockfiles exist,
 * `packageManager` picks among them, else yarn.lock beats pnpm-lock.yaml beats npm's (CF's yarn-over-npm order).
 */
export function choosePackageManager(layout: ProjectLayout): InstallPlan {
  const pinned = parsePackageManagerField(layout.packageManager);
  const npmLock = layout.files['npm-shrinkwrap.json']
    ? ('npm-shrinkwrap.json' as const)
    : layout.files['package-lock.json']
      ? ('package-lock.json' as const)
      : undefined;
  const present: Array<'yarn' | 'pnpm' | 'npm'> = [];
  if (layout.files['yarn.lock']) present.push('yarn');
  if (layout.files['pnpm-lock.yaml']) present.push('pnpm');
  if (npmLock) present.push('npm');

  const warnings: string[] = [];
  let manager: 'yarn' | 'pnpm' | 'npm' = present[0] ?? 'npm';
  if (pinned && present.includes(pinned.name as 'yarn' | 'pnpm' | 'npm')) manager = pinned.name as 'yarn' | 'pnpm' | 'npm';
  if (present.length > 1) {
    const names = present.map((m) => (m === 'yarn' ? 'yarn.lock' : m === 'pnpm' ? 'pnpm-lock.yaml' : npmLock));
    warnings.push(`Found more than one lockfile (${names.join(', ')}); using ${manager}. Delete the others to silence this warning.`);
  }
  const version = pinned?.name === manager ? { pinnedVersion: pinned.version } : {};

  if (manager === 'yarn') {
    const yarnPath = yarnPathOf(layout.yarnrcYml);
    return {
      manager,
      flavor: isBerry(layout, pinned) ? 'berry' : 'classic',
      lockfile: 'yarn.lock',
      ...(yarnPath ? { yarnPath } : {}),
      ...version,
      warnings,
    };
  }
  if (manager === 'pnpm') return { manager, lockfile: 'pnpm-lock.yaml', ...version, warnings };
  if (layout.vendoredNodeModules) return { manager, command: 'rebuild', ...(npmLock ? { lockfile: npmLock } : {}), ...version, warnings };
  if (npmLock) return { manager, command: 'ci', lockfile: npmLock, ...version, warnings };
  return { manager, command: 'install', ...version, warnings };
}
