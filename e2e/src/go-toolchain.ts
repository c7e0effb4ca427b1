import { E2E_CACHE } from './e2e-cache.ts';
import { execFile } from 'node:child_process';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { buildTestManifest, startDependencyServer, type DependencyServer } from '@bpkit/dep-server';
import { goBinary } from './go-app.ts';

const run = promisify(execFile);

export interface GoToolchainTarball {
  /** `go version` of the toolchain, e.g. `1.19.8`. */
  version: string;
  /** The tarball, named like upstream's hosted files. */
  file: string;
}

/** Offline settings for the machine's Go (GOTOOLCHAIN=local, GOPROXY=off) with a shared GOCACHE. */
export function machineGoEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOTOOLCHAIN: 'local',
    GOPROXY: 'off',
    GOFLAGS: '',
    GOCACHE: process.env.GOCACHE ?? join(E2E_CACHE, 'gocache'),
  };
}

let built: Promise<GoToolchainTarball> | undefined;

/**
 * The machine's Go (Debian's golang-go) packed the way upstream go tarballs are: one top directory
 * `go/`, which go-buildpack unpacks into deps/<idx>/go<version>. `tar -h` dereferences Debian's links
 * into /usr/share so the tree is relocatable. pkg/<os>_<arch> (the prebuilt standard library Go 1.19
 * still shipped) is left out, as Go 1.20+ tarballs have none: `-buildmode pie` rebuilds it anyway.
 * Cached under E2E_CACHE by version: packing takes ~10 s.
 */
export function goToolchainTarball(): Promise<GoToolchainTarball> {
  built ??= (async () => {
    const env = machineGoEnv();
    const go = goBinary();
    const version = (await run(go, ['env', 'GOVERSION'], { env })).stdout.trim().replace(/^go/, '');
    const goRoot = (await run(go, ['env', 'GOROOT'], { env })).stdout.trim();
    const goArch = (await run(go, ['env', 'GOOS', 'GOARCH'], { env })).stdout.trim().split('\n').join('_');
    const dir = join(E2E_CACHE, `go-${version}`);
    const file = join(dir, `go_${version}_linux_x64_cflinuxfs4.tgz`);
    if (await stat(file).catch(() => undefined)) return { version, file };
    await mkdir(dir, { recursive: true });
    const partial = `${file}.partial-${process.pid}`;
    const top = basename(goRoot);
    try {
      await run('tar', [
        '-czhf', partial,
        '-C', dirname(goRoot),
        `--exclude=${top}/pkg/${goArch}`,
        `--transform=s,^${top.replace(/[.]/g, '\\.')},go,`,
        top,
      ]);
      await rename(partial, file);
    } finally {
      await rm(partial, { force: true });
    }
    return { version, file };
  })();
  return built;
}

export interface GoDependencyServer {
  server: DependencyServer;
  version: string;
  /** The served tarball (its basename is its path on the server). */
  tarball: string;
  /** A go-buildpack manifest.yml whose go entries point at the server (real sha256). */
  manifest(options?: { versions?: string[]; defaultVersion?: string }): Promise<string>;
}

/**
 * Serves the toolchain tarball from a loopback dependency server. `versions` lists extra manifest
 * versions that serve the same tarball, to exercise version choice (the toolchain stays the machine's).
 */
export async function startGoDependencyServer(): Promise<GoDependencyServer> {
  const { version, file } = await goToolchainTarball();
  const root = dirname(file);
  const server = await startDependencyServer({ root });
  return {
    server,
    version,
    tarball: file,
    manifest: (options = {}) =>
      buildTestManifest({
        language: 'go',
        root,
        baseUrl: server.url,
        dependencies: (options.versions ?? [version]).map((v) => ({ name: 'go', version: v, file: basename(file) })),
        defaultVersions: [{ name: 'go', version: options.defaultVersion ?? `${version.split('.').slice(0, 2).join('.')}.x` }],
      }),
  };
}
