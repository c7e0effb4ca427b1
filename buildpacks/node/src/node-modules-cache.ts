import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Env, TreeCache, restoreFittingTrees, sha256 } from '@bpkit/buildpack';
import { exists } from '@bpkit/fs';
import type { Logger } from '@bpkit/log';
import type { PackageManagerTool } from './package-manager-tool.ts';

/**
 * What decides whether a cached node_modules still fits: the runtime (CF's "signature": node and package
 * manager versions, plus stack and the production switches) and the dependency inputs (lockfile, package.json).
 */
export type CacheSignature = { runtime: string; dependencies: string };

export interface SignatureInputs {
  buildDir: string;
  nodeVersion: string;
  tool: PackageManagerTool;
  stack: string;
  env: Env;
  /** The app's lockfile, when it has one. */
  lockfile: string | undefined;
  /** NODE_PROJECT_PATH: another member of the same monorepo installs another tree. */
  projectPath?: string;
}

export async function cacheSignature(inputs: SignatureInputs): Promise<CacheSignature> {
  const { buildDir, tool, lockfile } = inputs;
  const runtime = [
    `node ${inputs.nodeVersion}`,
    `package manager ${tool.name} ${tool.version ?? 'unknown'} (${tool.via})`,
    `stack ${inputs.stack}`,
    `NODE_ENV ${inputs.env['NODE_ENV'] ?? ''}`,
    `NPM_CONFIG_PRODUCTION ${inputs.env['NPM_CONFIG_PRODUCTION'] ?? ''}`,
  ].join('\n');
  const packageJson = await readFile(join(buildDir, 'package.json')).catch(() => Buffer.alloc(0));
  const dependencies = [
    lockfile ? `${lockfile} ${sha256(await readFile(join(buildDir, lockfile)))}` : 'no lockfile',
    `package.json ${sha256(packageJson)}`,
    ...(inputs.projectPath && inputs.projectPath !== '.' ? [`project ${inputs.projectPath}`] : []),
  ].join('\n');
  return { runtime, dependencies };
}

export type RestoreOutcome =
  /** node_modules restored and the lockfile is unchanged: installing again would produce the same tree. */
  | 'unchanged'
  /** node_modules restored as a starting point; the package manager still runs. */
  | 'restored'
  | 'skipped';

/**
 * node_modules kept in `<cache>/node` between stagings (CF's cache.go keeps the package managers' caches
 * there, under a runtime signature). Package-manager caches (npm's, yarn's, the pnpm store, corepack) live in
 * the same directory and need no restoring: the tools are pointed at them.
 */
export class NodeModulesCache {
  private readonly trees: TreeCache<CacheSignature>;

  constructor(
    cacheDir: string,
    private readonly buildDir: string,
    private readonly log: Logger,
  ) {
    this.trees = new TreeCache(join(cacheDir, 'node'), { node_modules: join(buildDir, 'node_modules') });
  }

  /** `<cache>/node`, home of the package managers' own caches. */
  get dir(): string {
    return this.trees.root;
  }

  async restore(signature: CacheSignature, options: { enabled: boolean; vendored: boolean; hasLockfile: boolean }): Promise<RestoreOutcome> {
    this.log.beginStep('Restoring cache');
    if (!options.enabled) {
      this.log.info('Skipping cache restore (disabled by config)');
      return 'skipped';
    }
    if (options.vendored) {
      this.log.info('Skipping cache restore (node_modules exists)');
      return 'skipped';
    }
    const outcome = await restoreFittingTrees(this.trees, 'node_modules', (key) => key.runtime === signature.runtime);
    if ('skipped' in outcome) {
      this.log.info(outcome.skipped === 'none' ? 'Skipping cache restore (no previous cache)' : 'Skipping cache restore (new runtime signature)');
      return 'skipped';
    }
    const unchanged = options.hasLockfile && outcome.restored.dependencies === signature.dependencies;
    this.log.info(unchanged ? '- node_modules (lockfile unchanged)' : '- node_modules');
    return unchanged ? 'unchanged' : 'restored';
  }

  async save(signature: CacheSignature, options: { enabled: boolean }): Promise<void> {
    this.log.beginStep('Caching build');
    if (!options.enabled) {
      await this.trees.clear();
      this.log.info('Skipping cache save (disabled by config)');
      return;
    }
    await this.trees.save(signature);
    this.log.info((await exists(join(this.buildDir, 'node_modules'))) ? '- node_modules' : '- node_modules (nothing to cache)');
  }
}
