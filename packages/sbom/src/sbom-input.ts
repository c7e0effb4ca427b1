/** One dependency a buildpack installed into the droplet (from the buildpack's manifest.yml entry). */
export interface InstalledDependency {
  name: string;
  version: string;
  sha256?: string;
  uri?: string;
  source?: string;
  sourceSha256?: string;
  licenses?: string[];
  cpe?: string;
  purl?: string;
  buildpack: string;
  /** path inside the droplet, e.g. deps/0/go1.22.3 */
  path: string;
}

/** One package the app itself depends on, read from its lockfiles. */
export interface AppPackage {
  ecosystem: 'golang' | 'gem' | 'npm';
  name: string;
  /** As the lockfile writes it: a Go module version (`v1.8.1`), a gem version with any platform (`1.16.2-x86_64-linux`), an npm version. */
  version: string;
  /** The lockfile it was read from, relative to the app dir (`go.mod`, `vendor/modules.txt`, `Gemfile.lock`, ...). */
  lockfile: string;
  /** The lockfile's own integrity text: `h1:…` (go.sum), `sha256=…` (Gemfile.lock CHECKSUMS), an SRI string (npm, yarn v1, pnpm), `10c0/…` (yarn berry). */
  integrity?: string;
}

export interface SbomInput {
  appName: string;
  appGuid?: string;
  stack: string;
  /** The SBOM's only timestamp: the same input makes the same bytes. */
  createdAt: Date;
  installed: InstalledDependency[];
  app: AppPackage[];
  tool: { name: string; version: string };
}
