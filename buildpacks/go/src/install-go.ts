import { join } from 'node:path';
import { type Dependencies, type ResolvedDependency, type SupplyContext, rethrowAs } from '@bpkit/buildpack';
import { EXIT } from './exit-codes.ts';

/**
 * Go's own test suites: two thirds of the toolchain's 13,000 files, and never read by `go build` or
 * `go install` (unpacking them was most of a cold staging's overhead). A toolchain kept in the image
 * (GO_INSTALL_TOOLS_IN_IMAGE) is complete, so `go test std` works there.
 */
const BUILD_ONLY_EXCLUDES = ['go/test', 'testdata', '*_test.go'];

/** Upstream go tarballs hold one top directory `go/`; go-buildpack unpacks them into deps/<idx>/go<version>. */
export function goInstallDir(depDir: string, version: string): string {
  return join(depDir, `go${version}`);
}

/** GOROOT of the Go installed in depDir: the tarball's top directory. `$DEPS_DIR/<idx>` gives the launch path. */
export function goRoot(depDir: string, version: string): string {
  return join(goInstallDir(depDir, version), 'go');
}

/**
 * Installs the Go that resolve chose at deps/<idx>/go<version> and returns its GOROOT, keeping the unpacked
 * toolchain in the cache dir: a restage links it instead of unpacking 13,000 files again, the slowest step of a
 * warm staging. The link never reaches the droplet (finalize clears the deps dir) unless
 * GO_INSTALL_TOOLS_IN_IMAGE=true, when the toolchain is copied in for real.
 */
export async function installGo(ctx: SupplyContext, deps: Dependencies, go: ResolvedDependency): Promise<string> {
  const inImage = ctx.env.GO_INSTALL_TOOLS_IN_IMAGE === 'true';
  const options = inImage ? { reuse: 'copy' as const } : { reuse: 'link' as const, exclude: BUILD_ONLY_EXCLUDES };
  await rethrowAs('Error installing Go', EXIT.supply, () => deps.install(go, goInstallDir(ctx.depDir, go.version), options));
  return goRoot(ctx.depDir, go.version);
}
