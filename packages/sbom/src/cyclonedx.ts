// CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/): the droplet's app as metadata.component, one component
// per buildpack install (runtime, tool) and per app package, and the app depending on each.
import { documentUuid } from './document-uuid.ts';
import type { Hash } from './integrity-hashes.ts';
import { type AppComponent, type InstalledComponent, type License, sbomComponents, sbomContent } from './sbom-components.ts';
import type { SbomInput } from './sbom-input.ts';
import { sbomTimestamp } from './sbom-timestamp.ts';

interface Property {
  name: string;
  value: string;
}

// bpkit's own property names, in a namespace of its own as CycloneDX's property taxonomy asks.
const PROPERTY = {
  appGuid: 'bpkit:cf:app_guid',
  stack: 'bpkit:cf:stack',
  buildpack: 'bpkit:buildpack',
  dropletPath: 'bpkit:droplet:path',
  lockfile: 'bpkit:lockfile',
  integrity: 'bpkit:lockfile:integrity',
} as const;

function appRef(input: SbomInput): string {
  return `cf-app:${input.appGuid ?? input.appName}`;
}

/** Installs are told apart by where they are (the same Node.js may be installed twice, by two buildpacks). */
function installedRef(dep: InstalledComponent): string {
  return `droplet:${dep.path}`;
}

function hashes(list: Hash[]): { hashes: { alg: string; content: string }[] } | Record<string, never> {
  return list.length ? { hashes: list.map((h) => ({ alg: h.alg, content: h.content })) } : {};
}

function licenseChoice(list: License[]) {
  return list.length ? { licenses: list.map((license) => ({ license })) } : {};
}

function installedComponent(dep: InstalledComponent) {
  const sha256: Hash[] = dep.sha256 ? [{ alg: 'SHA-256', content: dep.sha256 }] : [];
  const sourceSha256: Hash[] = dep.sourceSha256 ? [{ alg: 'SHA-256', content: dep.sourceSha256 }] : [];
  const references = [
    ...(dep.uri ? [{ type: 'distribution', url: dep.uri, ...hashes(sha256) }] : []),
    ...(dep.source ? [{ type: 'source-distribution', url: dep.source, ...hashes(sourceSha256) }] : []),
  ];
  const properties: Property[] = [
    { name: PROPERTY.buildpack, value: dep.buildpack },
    { name: PROPERTY.dropletPath, value: dep.path },
  ];
  return {
    // A buildpack installs runtimes and tools (go, node, ruby, bundler): programs, not libraries linked into the app.
    type: 'application',
    'bom-ref': installedRef(dep),
    name: dep.name,
    version: dep.version,
    ...hashes(sha256),
    ...licenseChoice(dep.licenses),
    ...(dep.cpe ? { cpe: dep.cpe } : {}),
    purl: dep.purl,
    ...(references.length ? { externalReferences: references } : {}),
    properties,
  };
}

function appComponent(pkg: AppComponent) {
  const properties: Property[] = [
    ...pkg.lockfiles.map((lockfile) => ({ name: PROPERTY.lockfile, value: lockfile })),
    ...(pkg.integrity ? [{ name: PROPERTY.integrity, value: pkg.integrity }] : []),
  ];
  return {
    type: 'library',
    'bom-ref': pkg.purl,
    name: pkg.name,
    version: pkg.version,
    ...hashes(pkg.hashes),
    purl: pkg.purl,
    properties,
  };
}

/** The droplet's SBOM as a CycloneDX 1.6 JSON document (a plain object: `JSON.stringify` it). */
export function cyclonedx(input: SbomInput): object {
  const components = sbomComponents(input);
  const listed = [...components.installed.map(installedComponent), ...components.app.map(appComponent)];
  const appProperties: Property[] = [
    ...(input.appGuid ? [{ name: PROPERTY.appGuid, value: input.appGuid }] : []),
    { name: PROPERTY.stack, value: input.stack },
  ];
  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${documentUuid('cyclonedx', sbomContent(input, components))}`,
    version: 1,
    metadata: {
      timestamp: sbomTimestamp(input.createdAt),
      // A droplet is what staging built: CycloneDX's "post-build" lifecycle.
      lifecycles: [{ phase: 'post-build' }],
      tools: { components: [{ type: 'application', name: input.tool.name, version: input.tool.version }] },
      component: { type: 'application', 'bom-ref': appRef(input), name: input.appName, properties: appProperties },
    },
    components: listed,
    dependencies: [{ ref: appRef(input), dependsOn: listed.map((c) => c['bom-ref']) }],
  };
}
