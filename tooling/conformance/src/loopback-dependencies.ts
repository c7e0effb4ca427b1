import { chmod, copyFile, link, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeRuntimeEntries } from '@bpkit/node-runtime';
import { exists, isFile } from '@bpkit/fs';
import { type DependencyServer, packTarball, sha256File, startDependencyServer } from '@bpkit/dep-server';
import { parseManifest, stringifyManifest } from '@bpkit/manifest';
import { type KitEnvironment, scratchDir } from './kit-environment.ts';

/** A dependency server on 127.0.0.1 that stands in for buildpacks.cloudfoundry.org. */
export interface LoopbackDependencies {
  url: string;
  root: string;
  server: DependencyServer;
  /** This machine's Node.js packed as nodejs.org does: node-v<version>-linux-x64/bin/node. */
  nodeTarball: string;
  close(): Promise<void>;
}

/** Built once per Node version and reused across runs (a 40 MB tarball takes seconds to pack). */
async function machineNodeTarball(): Promise<string> {
  const version = process.versions.node;
  const cacheDir = process.env['BPKIT_E2E_CACHE'] ?? join(tmpdir(), 'bpkit-e2e-cache');
  const target = join(cacheDir, `node-v${version}-linux-x64.tgz`);
  if (await isFile(target)) return target;
  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(join(cacheDir, '.node-'));
  try {
    const bin = join(work, 'tree', `node-v${version}-linux-x64`, 'bin');
    await mkdir(bin, { recursive: true });
    await copyFile(process.execPath, join(bin, 'node'));
    await chmod(join(bin, 'node'), 0o755);
    await packTarball(join(work, 'tree'), join(work, 'node.tgz'));
    await rename(join(work, 'node.tgz'), target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return target;
}

export async function startLoopbackDependencies(kit: KitEnvironment): Promise<LoopbackDependencies> {
  const root = await scratchDir(kit, 'served');
  const nodeTarball = await machineNodeTarball();
  const server = await startDependencyServer({ root });
  return { url: server.url, root, server, nodeTarball, close: () => server.close() };
}

async function place(source: string, target: string): Promise<void> {
  await mkdir(join(target, '..'), { recursive: true });
  await rm(target, { force: true });
  await link(source, target).catch(() => copyFile(source, target));
}

/**
 * The buildpack's manifest with every dependency served by the loopback server, so nothing the kit
 * runs or packages can reach the internet. Names, versions, stacks, defaults and everything else stay;
 * uri and sha256 change. The entries the bootstrap would pick get this machine's Node.js (so the
 * bootstrap really starts); every other dependency becomes a small stand-in tarball: enough to
 * package, vendor and checksum, not to build an app.
 */
export async function loopbackManifest(manifestText: string, loopback: LoopbackDependencies): Promise<string> {
  const data = parseManifest(manifestText, { file: 'manifest.yml' });
  let runtimes: ReturnType<typeof nodeRuntimeEntries> = [];
  try {
    runtimes = nodeRuntimeEntries(manifestText);
  } catch {
    // no usable node entry: [manifest-valid] says so; every entry becomes a stand-in
  }
  const nodeSha = await sha256File(loopback.nodeTarball);
  const standIn = join(loopback.root, 'stand-in.tgz');
  if (!(await exists(standIn))) {
    const dir = await mkdtemp(join(loopback.root, '.stand-in-'));
    await writeFile(join(dir, 'README'), 'A stand-in for a buildpack dependency, served by the bpkit conformance kit.\n');
    await packTarball(dir, standIn);
    await rm(dir, { recursive: true, force: true });
  }
  const standInSha = await sha256File(standIn);

  const dependencies = [];
  for (const [i, dep] of data.dependencies.entries()) {
    const isRuntime = dep.name === 'node' && runtimes.some((r) => r.version === dep.version && r.uri === dep.uri);
    const file = isRuntime ? `node/node-v${dep.version}-linux-x64-${i}.tgz` : `${dep.name}/${dep.name}_${dep.version}_${i}.tgz`;
    await place(isRuntime ? loopback.nodeTarball : standIn, join(loopback.root, file));
    dependencies.push({ ...dep, uri: `${loopback.url}/${file}`, sha256: isRuntime ? nodeSha : standInSha });
  }
  return stringifyManifest({ ...data, dependencies });
}
