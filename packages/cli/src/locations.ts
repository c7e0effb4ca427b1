import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type SupervisorLaunch, resolveDataDir } from '@bpkit/platform';

/** The repository's buildpacks/ (the bundled CLI lives in packages/cli/dist): its builds are the system buildpacks. */
export function systemBuildpacksDir(): string | undefined {
  if (process.env.BPKIT_SYSTEM_BUILDPACKS) return resolve(process.env.BPKIT_SYSTEM_BUILDPACKS);
  const candidate = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'buildpacks');
  return existsSync(candidate) ? candidate : undefined;
}

export function dataDir(explicit: string | undefined): string {
  return resolveDataDir(explicit);
}

/**
 * CF stacks have no Node.js, and this machine has no internet to download one, so the local platform lends
 * buildpack bootstraps its own Node through BPKIT_NODE (the bootstrap's documented override). Set
 * BPKIT_NODE=none to make bootstraps find Node the way they would on Cloud Foundry.
 */
export function bootstrapNode(): string | undefined {
  const configured = process.env.BPKIT_NODE;
  if (configured === 'none') return undefined;
  return configured && configured !== '' ? configured : process.execPath;
}

/** The supervisor of a pushed app is this CLI again (`bpkit _supervise APP`), run by the same Node. */
export function supervisorLaunch(): SupervisorLaunch {
  return { command: process.execPath, args: [process.argv[1] as string] };
}
