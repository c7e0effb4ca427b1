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

/**
 * Go's own test suites: two thirds of the toolchain's 13,000 files, and never read by `go build` or
 * `go install` (unpacking them was most of a cold staging's overhead). A toolchain kept in the image
 * (GO_INSTALL_TOOLS_IN_IMAGE) is complete, so `go test std` works there.
 */
const BUILD_ONLY_EXCLUDES = ['go/test', 'testdata', '*_test.go'];

// go-buildpack exits 16 when supply fails.
const SUPPLY_EXIT = 16;

/** Upstream go tarballs hold one top directory `go/`; go-buildpack unpacks them into deps/<idx>/go<version>. */
export function goInstallDir(depDir: string, version: string): string {
  return join(depDir, `go${version}`);
}

/**
 * Installs the manifest's go `version` at deps/<idx>/go<version>, keeping the unpacked toolchain in the cache
 * dir: a restage links it instead of unpacking 13,000 files again, the slowest step of a warm staging. The link
 * never reaches the droplet (finalize clears the deps dir) unless GO_INSTALL_TOOLS_IN_IMAGE=true, when the
 * toolchain is copied in for real.
 */
export async function installGo(ctx: SupplyContext, deps: Dependencies, version: string): Promise<InstalledGo> {
  const installDir = goInstallDir(ctx.depDir, version);
  const inImage = ctx.env.GO_INSTALL_TOOLS_IN_IMAGE === 'true';
  try {
    const result = await deps.install({ name: 'go', version }, installDir, inImage ? { reuse: 'copy' } : { reuse: 'link', exclude: BUILD_ONLY_EXCLUDES });
    return { installDir, goRoot: join(installDir, 'go'), source: result.source };
  } catch (err) {
    throw new BuildpackError(`Error installing Go: ${(err as Error).message}`, { exitCode: SUPPLY_EXIT, cause: err });
  }
}
