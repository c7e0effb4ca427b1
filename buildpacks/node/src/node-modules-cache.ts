import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@bpkit/log';
import { exec } from '@bpkit/exec';

/**
 * What decides whether a cached node_modules still fits: the runtime (CF's "signature": node and package
 * manager versions, plus stack and the production switches) and the dependency inputs (lockfile, package.json).
 */
export interface CacheSignature {
  runtime: string;
  dependencies: string;
}

export interface SignatureInputs {
  nodeVersion: string;
  packageManager: string;
  stack: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Lockfile name and content, when the app has one. */
  lockfile?: { name: string; content: Buffer } | undefined;
  packageJson: Buffer;
}

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

export function cacheSignature(inputs: SignatureInputs): CacheSignature {
  const runtime = [
    `node ${inputs.nodeVersion}`,
    `package manager ${inputs.packageManager}`,
    `stack ${inputs.stack}`,
    `NODE_ENV ${inputs.env['NODE_ENV'] ?? ''}`,
    `NPM_CONFIG_PRODUCTION ${inputs.env['NPM_CONFIG_PRODUCTION'] ?? ''}`,
  ].join('\n');
  const dependencies = [
    inputs.lockfile ? `${inputs.lockfile.name} ${sha256(inputs.lockfile.content)}` : 'no lockfile',
    `package.json ${sha256(inputs.packageJson)}`,
  ].join('\n');
  return { runtime, dependencies };
}

export type RestoreOutcome =
  /** node_modules restored and the lockfile is unchanged: installing again would produce the same tree. */
  | 'unchanged'
  /** node_modules restored as a starting point; the package manager still runs. */
  | 'restored'
  | 'skipped';

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

/**
 * node_modules kept in `<cache>/node` between stagings (CF's cache.go keeps the package managers' caches
 * there, under a runtime signature). Package-manager caches (npm's, yarn's, the pnpm store, corepack) live in
 * the same directory and need no restoring: the tools are pointed at them.
 */
export class NodeModulesCache {
  readonly dir: string;

  constructor(
    cacheDir: string,
    private readonly buildDir: string,
    private readonly log: Logger,
  ) {
    this.dir = join(cacheDir, 'node');
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
    const previous = await readFile(join(this.dir, 'signature'), 'utf8').catch(() => undefined);
    const cached = join(this.dir, 'node_modules');
    if (previous === undefined || !(await exists(cached))) {
      this.log.info('Skipping cache restore (no previous cache)');
      return 'skipped';
    }
    const [runtime, dependencies] = previous.split('\n--\n');
    if (runtime !== signature.runtime) {
      this.log.info('Skipping cache restore (new runtime signature)');
      return 'skipped';
    }
    await moveOrCopy(cached, join(this.buildDir, 'node_modules'));
    const unchanged = options.hasLockfile && dependencies?.trimEnd() === signature.dependencies;
    this.log.info(unchanged ? '- node_modules (lockfile unchanged)' : '- node_modules');
    return unchanged ? 'unchanged' : 'restored';
  }

  /** Keeps a hard-linked copy of node_modules (cp -al: no data copied); a plain copy where links cannot cross. */
  async save(signature: CacheSignature, options: { enabled: boolean }): Promise<void> {
    this.log.beginStep('Caching build');
    await mkdir(this.dir, { recursive: true });
    const cached = join(this.dir, 'node_modules');
    await rm(cached, { recursive: true, force: true });
    await writeFile(join(this.dir, 'signature'), `${signature.runtime}\n--\n${signature.dependencies}\n`);
    if (!options.enabled) {
      this.log.info('Skipping cache save (disabled by config)');
      return;
    }
    const source = join(this.buildDir, 'node_modules');
    if (!(await exists(source))) {
      this.log.info('- node_modules (nothing to cache)');
      return;
    }
    try {
      await exec('cp', ['-al', source, cached]);
    } catch {
      await rm(cached, { recursive: true, force: true });
      await exec('cp', ['-a', source, cached]);
    }
    this.log.info('- node_modules');
  }
}

async function moveOrCopy(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await exec('cp', ['-a', from, to]);
  }
}
