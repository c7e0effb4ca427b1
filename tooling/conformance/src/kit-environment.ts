import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeStackPath } from '@bpkit/bundle';

/** Where and how the kit runs buildpack scripts. */
export interface KitEnvironment {
  /** PATH for buildpack scripts: links to the stack's tools, no node, go or ruby. */
  stackPath: string;
  /** The stack the scripts are told they run on (CF_STACK). */
  stack: string;
  /** Scratch space; every rule run takes a fresh subdirectory. */
  scratch: string;
  /**
   * The Node.js lent to bootstraps through BPKIT_NODE for the phase rules, as the local platform does
   * (this machine has no internet to download one). The bootstrap rule never uses it.
   */
  node: string;
}

export async function createKitEnvironment(options: { scratch?: string; stack?: string } = {}): Promise<KitEnvironment> {
  const scratch = options.scratch ?? (await mkdtemp(join(tmpdir(), 'bpkit-conformance-')));
  await mkdir(scratch, { recursive: true });
  const stackPath = await makeStackPath(join(scratch, 'stack-bin'));
  return { stackPath, stack: options.stack ?? 'cflinuxfs4', scratch, node: process.execPath };
}

/** A fresh directory under the kit's scratch space. */
export async function scratchDir(kit: KitEnvironment, label: string): Promise<string> {
  await mkdir(kit.scratch, { recursive: true });
  return mkdtemp(join(kit.scratch, `${label}-`));
}

/**
 * The environment buildpack scripts get: the stack PATH and CF_STACK, a private HOME and TMPDIR, and
 * proxies that point nowhere, so a script that reaches past the loopback dependency server fails fast
 * instead of leaving this machine.
 */
export function scriptEnvironment(
  kit: KitEnvironment,
  home: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  const dead = 'http://127.0.0.1:9';
  const env: Record<string, string | undefined> = {
    PATH: kit.stackPath,
    CF_STACK: kit.stack,
    HOME: home,
    TMPDIR: home,
    LANG: 'en_US.UTF-8',
    BPKIT_NODE: kit.node,
    BPKIT_NODE_CACHE: join(home, 'node-cache'),
    BPKIT_DOWNLOAD_RETRIES: '0',
    http_proxy: dead,
    https_proxy: dead,
    HTTP_PROXY: dead,
    HTTPS_PROXY: dead,
    no_proxy: '127.0.0.1,localhost',
    NO_PROXY: '127.0.0.1,localhost',
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
