import { cp, rm, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildpackError, type Dependencies, type SupplyContext } from '@bpkit/buildpack';

export interface InstalledGo {
  /** deps/<idx>/go<version>: what the tarball was unpacked into. */
  installDir: string;
  /** installDir/go: the tarball's top directory, GOROOT. */
  goRoot: string;
  /** Where the tarball came from. */
  source: 'file' | 'app-cache' | 'download';
}

// go-buildpack exits 16 when supply fails.
const SUPPLY_EXIT = 16;

/** Upstream go tarballs hold one top directory `go/`; go-buildpack unpacks them into deps/<idx>/go<version>. */
export function goInstallDir(depDir: string, version: string): string {
  return join(depDir, `go${version}`);
}

/**
 * Installs the manifest's go `version` at deps/<idx>/go<version>.
 *
 * The unpacked toolchain lives in the cache dir, keyed by version and sha256, and deps/<idx>/go<version>
 * links to it: a restage reuses it instead of unpacking 13,000 files again, the slowest step of a warm
 * staging. The link never reaches the droplet (finalize clears the deps dir) unless
 * GO_INSTALL_TOOLS_IN_IMAGE=true, when the toolchain is copied in for real.
 */
export async function installGo(ctx: SupplyContext, deps: Dependencies, version: string): Promise<InstalledGo> {
  const installDir = goInstallDir(ctx.depDir, version);
  const entry = deps.manifest.getEntry('go', version, ctx.stack);
  const toolchains = join(ctx.cacheDir, 'toolchains');
  const cached = join(toolchains, `go${version}-${entry.sha256.slice(0, 16)}`);
  let source: InstalledGo['source'];
  if (await isDirectory(join(cached, 'go', 'bin'))) {
    ctx.log.beginStep(`Installing go ${version}`);
    ctx.log.info('Reusing the unpacked toolchain from the cache dir');
    source = 'app-cache';
  } else {
    // Other versions' toolchains would only grow the cache (cloud_controller_ng #2991).
    await rm(toolchains, { recursive: true, force: true });
    try {
      source = (await deps.install({ name: 'go', version }, cached)).source;
    } catch (err) {
      throw new BuildpackError(`Error installing Go: ${(err as Error).message}`, { exitCode: SUPPLY_EXIT, cause: err });
    }
  }
  await rm(installDir, { recursive: true, force: true });
  if (ctx.env.GO_INSTALL_TOOLS_IN_IMAGE === 'true') await cp(cached, installDir, { recursive: true, verbatimSymlinks: true });
  else await symlink(cached, installDir);
  return { installDir, goRoot: join(installDir, 'go'), source };
}

const isDirectory = (path: string): Promise<boolean> =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
