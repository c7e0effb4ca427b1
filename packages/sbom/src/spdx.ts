// SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/): the app as the package the document DESCRIBES, which
// DEPENDS_ON one package per buildpack install and per app package.
import { createHash } from 'node:crypto';
import { documentUuid } from './document-uuid.ts';
import type { Hash } from './integrity-hashes.ts';
import { type AppComponent, type InstalledComponent, type License, sbomComponents, sbomContent } from './sbom-components.ts';
import type { SbomInput } from './sbom-input.ts';
import { sbomTimestamp } from './sbom-timestamp.ts';

const NOASSERTION = 'NOASSERTION';
const APP_ID = 'SPDXRef-App';

// SPDX names its checksum algorithms without the dash CycloneDX uses.
const CHECKSUM_ALGORITHM: Record<Hash['alg'], string> = { 'SHA-1': 'SHA1', 'SHA-256': 'SHA256', 'SHA-384': 'SHA384', 'SHA-512': 'SHA512' };

/**
 * An SPDXID (`SPDXRef-[A-Za-z0-9.-]+`) that reads as the package and stays the same while the package does: its
 * name and version with other characters made '-', plus a short hash of what makes it unique so `@a/b` and `a-b`
 * never meet.
 */
function spdxId(kind: string, name: string, version: string, unique: string): string {
  const readable = `${name}-${version}`.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '');
  const hash = createHash('sha256').update(unique).digest('hex').slice(0, 8);
  return `SPDXRef-${kind}-${readable}-${hash}`;
}

/** A name fit for the document namespace's path: the app name may hold anything CF allows. */
function namespaceSegment(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-') || 'app';
}

/**
 * licenseDeclared from a manifest's licenses: an expression when every one is on the SPDX License List, joined
 * with AND (a manifest lists the licenses its artifact is under; AND claims no choice it does not state), else
 * NOASSERTION with the names kept in licenseComments.
 */
function declaredLicense(licenses: License[]) {
  if (!licenses.length) return { licenseDeclared: NOASSERTION };
  const ids = licenses.flatMap((l) => ('id' in l ? [l.id] : []));
  if (ids.length === licenses.length) return { licenseDeclared: ids.join(' AND ') };
  return {
    licenseDeclared: NOASSERTION,
    licenseComments: `manifest.yml lists: ${licenses.map((l) => ('id' in l ? l.id : l.name)).join(', ')}`,
  };
}

function purlRef(purl: string) {
  return { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl };
}

function cpeRef(cpe: string) {
  return { referenceCategory: 'SECURITY', referenceType: cpe.startsWith('cpe:2.3:') ? 'cpe23Type' : 'cpe22Type', referenceLocator: cpe };
}

function installedPackage(dep: InstalledComponent) {
  const source = dep.source ? `; built from ${dep.source}${dep.sourceSha256 ? ` (sha256 ${dep.sourceSha256})` : ''}` : '';
  return {
    SPDXID: spdxId('Installed', dep.name, dep.version, `installed:${dep.path}`),
    name: dep.name,
    versionInfo: dep.version,
    downloadLocation: dep.uri ?? NOASSERTION,
    filesAnalyzed: false,
    ...(dep.sha256 ? { checksums: [{ algorithm: 'SHA256', checksumValue: dep.sha256 }] } : {}),
    licenseConcluded: NOASSERTION,
    ...declaredLicense(dep.licenses),
    copyrightText: NOASSERTION,
    sourceInfo: `installed by ${dep.buildpack} at ${dep.path}${source}`,
    externalRefs: [...(dep.cpe ? [cpeRef(dep.cpe)] : []), purlRef(dep.purl)],
    primaryPackagePurpose: 'APPLICATION',
  };
}

function appPackage(pkg: AppComponent) {
  return {
    SPDXID: spdxId(pkg.ecosystem, pkg.name, pkg.version, pkg.purl),
    name: pkg.name,
    versionInfo: pkg.version,
    // The lockfiles name a version, not where it was fetched from.
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    ...(pkg.hashes.length ? { checksums: pkg.hashes.map((h) => ({ algorithm: CHECKSUM_ALGORITHM[h.alg], checksumValue: h.content })) } : {}),
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    sourceInfo: `${pkg.lockfiles.join(', ')}${pkg.integrity ? ` (${pkg.integrity})` : ''}`,
    externalRefs: [purlRef(pkg.purl)],
    primaryPackagePurpose: 'LIBRARY',
  };
}

/** The droplet's SBOM as an SPDX 2.3 JSON document (a plain object: `JSON.stringify` it). */
export function spdx(input: SbomInput): object {
  const components = sbomComponents(input);
  const uuid = documentUuid('spdx', sbomContent(input, components));
  const packages = [...components.installed.map(installedPackage), ...components.app.map(appPackage)];
  const where = `Cloud Foundry app ${input.appName}${input.appGuid ? ` (${input.appGuid})` : ''} on stack ${input.stack}`;
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${input.appName} droplet`,
    // A URI that names the document, not a place to fetch it from: spdx.org/spdxdocs is the prefix SPDX's own
    // examples and most generators use, and the UUID is this content's.
    documentNamespace: `https://spdx.org/spdxdocs/bpkit/${namespaceSegment(input.appName)}-${uuid}`,
    creationInfo: {
      created: sbomTimestamp(input.createdAt),
      creators: [`Tool: ${input.tool.name}-${input.tool.version}`],
      comment: `The droplet of ${where}: what its buildpacks installed and what the app's lockfiles name.`,
    },
    packages: [
      {
        SPDXID: APP_ID,
        name: input.appName,
        downloadLocation: NOASSERTION,
        filesAnalyzed: false,
        licenseConcluded: NOASSERTION,
        licenseDeclared: NOASSERTION,
        copyrightText: NOASSERTION,
        comment: where,
        primaryPackagePurpose: 'APPLICATION',
      },
      ...packages,
    ],
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: APP_ID },
      ...packages.map((p) => ({ spdxElementId: APP_ID, relationshipType: 'DEPENDS_ON', relatedSpdxElement: p.SPDXID })),
    ],
  };
}
