// Package URLs (https://github.com/package-url/purl-spec): the identifier scanners match SBOM components on.
import { compareText } from './compare-text.ts';
import type { AppPackage, InstalledDependency } from './sbom-input.ts';

export interface PackageUrlParts {
  type: string;
  /** Slash-separated; each segment is encoded on its own. */
  namespace?: string;
  name: string;
  version?: string;
  qualifiers?: Record<string, string | undefined>;
}

// encodeURIComponent leaves only A-Z a-z 0-9 - _ . ! ~ * ' ( ) unencoded; the spec also lets ':' stand as is
// everywhere and '/' inside qualifier values, which keeps download URLs readable.
function encodeSegment(text: string): string {
  return encodeURIComponent(text).replaceAll('%3A', ':');
}

function encodeQualifierValue(text: string): string {
  return encodeSegment(text).replaceAll('%2F', '/');
}

/** `pkg:type/namespace/name@version?key=value&…`, qualifiers sorted by key and empty ones left out, as the spec's canonical form asks. */
export function packageUrl(parts: PackageUrlParts): string {
  const namespace = parts.namespace ? `${parts.namespace.split('/').filter(Boolean).map(encodeSegment).join('/')}/` : '';
  const version = parts.version ? `@${encodeSegment(parts.version)}` : '';
  const qualifiers = Object.entries(parts.qualifiers ?? {})
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, value]) => `${key.toLowerCase()}=${encodeQualifierValue(value)}`);
  return `pkg:${parts.type}/${namespace}${encodeSegment(parts.name)}${version}${qualifiers.length ? `?${qualifiers.join('&')}` : ''}`;
}

// Bundler writes a platform gem as `name (version-platform)` and splits it at the first '-' (its LockfileParser's
// NAME_VERSION): RubyGems versions never contain one. purl's gem type carries the platform as a qualifier.
function gemVersionAndPlatform(version: string): { version: string; platform?: string } {
  const dash = version.indexOf('-');
  return dash < 0 ? { version } : { version: version.slice(0, dash), platform: version.slice(dash + 1) };
}

function splitLast(path: string): { namespace?: string; name: string } {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? { name: path } : { namespace: path.slice(0, slash), name: path.slice(slash + 1) };
}

/**
 * The purl of an app package. Go module paths keep their case: the module proxy and `go get` treat
 * `github.com/Azure/x` and `github.com/azure/x` as different modules, and purl-spec's golang definition is
 * case-sensitive (its older "must be lowercased" line is an acknowledged error). npm names keep theirs too: the
 * registry still serves legacy mixed-case names.
 */
export function appPackagePurl(pkg: AppPackage): string {
  switch (pkg.ecosystem) {
    case 'golang':
      return packageUrl({ type: 'golang', ...splitLast(pkg.name), version: pkg.version });
    case 'gem': {
      const { version, platform } = gemVersionAndPlatform(pkg.version);
      return packageUrl({ type: 'gem', name: pkg.name, version, qualifiers: { platform } });
    }
    case 'npm':
      return packageUrl({ type: 'npm', ...(pkg.name.startsWith('@') ? splitLast(pkg.name) : { name: pkg.name }), version: pkg.version });
  }
}

/**
 * The purl of a dependency a buildpack installed: the manifest's own `purl` when it has one (CF's buildpacks
 * publish them), else a generic one carrying where it came from and its sha256.
 */
export function installedPurl(dep: InstalledDependency): string {
  if (dep.purl) return dep.purl;
  return packageUrl({
    type: 'generic',
    name: dep.name,
    version: dep.version,
    qualifiers: { download_url: dep.uri, checksum: dep.sha256 ? `sha256:${dep.sha256.toLowerCase()}` : undefined },
  });
}
