import { E2E_CACHE } from './e2e-cache.ts';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
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
    return packGoRoot(goRoot, version, [`pkg/${goArch}`]);
  })();
  return built;
}

/** A GOROOT packed as upstream's tarballs are (one top directory `go/`, links dereferenced), cached by version. */
async function packGoRoot(goRoot: string, version: string, exclude: string[]): Promise<GoToolchainTarball> {
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
      ...exclude.map((path) => `--exclude=${top}/${path}`),
      `--transform=s,^${top.replace(/[.]/g, '\\.')},go,`,
      top,
    ]);
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
  return { version, file };
}

const backports = new Map<string, Promise<GoToolchainTarball>>();

/**
 * A newer Go than Debian's default, for what only it can do (`go work vendor` needs 1.22): `golang-<line>-go` and
 * `-src` from bookworm-backports, fetched through private apt directories (the system's apt sources stay as they
 * are) and unpacked with dpkg-deb, never installed. Debian's GOROOT links into /usr/share, which the packing
 * dereferences. About 45 MB to download, once per machine.
 */
export function backportedGoTarball(line: string): Promise<GoToolchainTarball> {
  let tarball = backports.get(line);
  if (!tarball) {
    tarball = (async () => {
      for (const name of (await readdir(E2E_CACHE).catch(() => [] as string[])).filter((n) => n.startsWith(`go-${line}.`))) {
        const version = name.slice('go-'.length);
        const file = join(E2E_CACHE, name, `go_${version}_linux_x64_cflinuxfs4.tgz`);
        if (await stat(file).catch(() => undefined)) return { version, file };
      }
      const work = await mkdtemp(join(tmpdir(), `bpkit-go-${line}-`));
      try {
        const apt = join(work, 'apt');
        for (const sub of ['lists/partial', 'sources', 'cache/archives/partial']) await mkdir(join(apt, sub), { recursive: true });
        await writeFile(
          join(apt, 'sources', 'backports.sources'),
          'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n',
        );
        const options = [
          '-o', 'Dir::Etc::SourceList=/dev/null', '-o', `Dir::Etc::SourceParts=${join(apt, 'sources')}`,
          '-o', `Dir::State::Lists=${join(apt, 'lists')}`, '-o', `Dir::Cache=${join(apt, 'cache')}`, '-o', 'APT::Sandbox::User=root',
        ];
        await run('apt-get', [...options, '-q', 'update'], { maxBuffer: 16 << 20 });
        const debs = join(work, 'debs');
        await mkdir(debs);
        await run('apt-get', [...options, '-q', 'download', `golang-${line}-go`, `golang-${line}-src`], { cwd: debs, maxBuffer: 16 << 20 });
        const root = join(work, 'root');
        for (const deb of await readdir(debs)) await run('dpkg-deb', ['-x', join(debs, deb), root]);
        const goRoot = join(root, 'usr', 'lib', `go-${line}`);
        const version = (await readFile(join(goRoot, 'VERSION'), 'utf8')).split('\n')[0]!.replace(/^go/, '');
        return await packGoRoot(goRoot, version, []);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    })();
    backports.set(line, tarball);
  }
  return tarball;
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
 * Serves the toolchain tarball (the machine's Go unless told) from a loopback dependency server. `versions` lists extra manifest
 * versions that serve the same tarball, to exercise version choice (the toolchain stays the machine's).
 */
export async function startGoDependencyServer(toolchain: Promise<GoToolchainTarball> = goToolchainTarball()): Promise<GoDependencyServer> {
  const { version, file } = await toolchain;
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
