// What both documents list, worked out once: sorted, deduplicated, each with its purl, hashes and licenses, so
// CycloneDX and SPDX describe the same components and neither depends on the order the input came in.
import { compareBy, compareText } from './compare-text.ts';
import { type Hash, integrityHashes, sha256Hex } from './integrity-hashes.ts';
import { appPackagePurl, installedPurl } from './purl.ts';
import type { AppPackage, SbomInput } from './sbom-input.ts';
import { spdxLicenseId } from './spdx-license.ts';

/** A license as a manifest named it: an SPDX License List id when it is one, else only its name. */
export type License = { id: string } | { name: string };

export interface InstalledComponent {
  name: string;
  version: string;
  purl: string;
  buildpack: string;
  path: string;
  /** Lower-case hex, only when the manifest's value is a sha256. */
  sha256?: string;
  uri?: string;
  source?: string;
  sourceSha256?: string;
  cpe?: string;
  licenses: License[];
}

export interface AppComponent {
  ecosystem: AppPackage['ecosystem'];
  name: string;
  version: string;
  purl: string;
  /** Every lockfile that names this package, sorted. */
  lockfiles: string[];
  integrity?: string;
  hashes: Hash[];
}

export interface SbomComponents {
  installed: InstalledComponent[];
  app: AppComponent[];
}

function licenses(names: string[] | undefined): License[] {
  const seen = new Set<string>();
  const out: License[] = [];
  for (const raw of names ?? []) {
    const name = raw.trim();
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    const id = spdxLicenseId(name);
    out.push(id ? { id } : { name });
  }
  return out;
}

/**
 * A manifest URL as both formats accept it (CycloneDX's schema checks it is an IRI): parsed and re-serialized,
 * which percent-encodes what a URL may not hold; undefined when it is not an absolute URL at all.
 */
function absoluteUrl(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    return new URL(text).href;
  } catch {
    return undefined;
  }
}

export function sbomComponents(input: SbomInput): SbomComponents {
  const installed = new Map<string, InstalledComponent>();
  for (const dep of [...input.installed].sort(compareBy((d) => d.path, (d) => d.name, (d) => d.version, (d) => d.buildpack))) {
    // The path is where the install is in the droplet: two records for one path are one install.
    if (installed.has(dep.path)) continue;
    const sha256 = sha256Hex(dep.sha256);
    const sourceSha256 = sha256Hex(dep.sourceSha256);
    const uri = absoluteUrl(dep.uri);
    const source = absoluteUrl(dep.source);
    installed.set(dep.path, {
      name: dep.name,
      version: dep.version,
      purl: installedPurl(dep),
      buildpack: dep.buildpack,
      path: dep.path,
      ...(sha256 ? { sha256 } : {}),
      ...(uri ? { uri } : {}),
      ...(source ? { source } : {}),
      ...(sourceSha256 ? { sourceSha256 } : {}),
      ...(dep.cpe ? { cpe: dep.cpe } : {}),
      licenses: licenses(dep.licenses),
    });
  }

  // One package named by two lockfiles (a yarn.lock beside a package-lock.json) is one component.
  const app = new Map<string, AppComponent>();
  for (const pkg of [...input.app].sort(compareBy((p) => appPackagePurl(p), (p) => p.lockfile, (p) => p.integrity ?? ''))) {
    const purl = appPackagePurl(pkg);
    const known = app.get(purl);
    if (known) {
      if (!known.lockfiles.includes(pkg.lockfile)) known.lockfiles = [...known.lockfiles, pkg.lockfile].sort(compareText);
      if (!known.integrity && pkg.integrity) Object.assign(known, { integrity: pkg.integrity, hashes: integrityHashes(pkg.integrity) });
      continue;
    }
    app.set(purl, {
      ecosystem: pkg.ecosystem,
      name: pkg.name,
      version: pkg.version,
      purl,
      lockfiles: [pkg.lockfile],
      ...(pkg.integrity ? { integrity: pkg.integrity } : {}),
      hashes: integrityHashes(pkg.integrity),
    });
  }
  return { installed: [...installed.values()], app: [...app.values()] };
}

/** Everything a document says, in a fixed shape: what its UUID is computed over. */
export function sbomContent(input: SbomInput, components: SbomComponents): unknown {
  return {
    appName: input.appName,
    appGuid: input.appGuid ?? null,
    stack: input.stack,
    createdAt: input.createdAt.toISOString(),
    tool: { name: input.tool.name, version: input.tool.version },
    installed: components.installed,
    app: components.app,
  };
}
