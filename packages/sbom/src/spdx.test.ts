import type { ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { spdx } from './index.ts';
import { spdxValidator } from './testing/schema-validators.ts';
import { GO_SHA256, sampleSbomInput } from './sample-sbom-input.ts';

// The SPDX project's 2.3 schema, kept verbatim in ../schemas (see its README): draft 2019-09.
interface Package {
  SPDXID: string;
  name: string;
  [key: string]: unknown;
}
interface Document {
  packages: Package[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
  [key: string]: unknown;
}
const doc = (input = sampleSbomInput()) => JSON.parse(JSON.stringify(spdx(input))) as Document;

describe('SPDX 2.3', () => {
  let validate: ValidateFunction;
  beforeAll(async () => {
    validate = await spdxValidator();
  });

  it('is valid against the SPDX 2.3 JSON schema', () => {
    const document = doc();
    expect(validate(document), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(document).toMatchObject({ spdxVersion: 'SPDX-2.3', dataLicense: 'CC0-1.0', SPDXID: 'SPDXRef-DOCUMENT', name: 'shop api droplet' });
  });

  it('is valid with nothing installed and no lockfiles', () => {
    expect(validate(doc({ ...sampleSbomInput(), installed: [], app: [] })), JSON.stringify(validate.errors)).toBe(true);
  });

  it('fails validation when the document is broken, so the check can fail', () => {
    const good = doc();
    const [app, first] = good.packages;
    const broken = [
      { ...good, creationInfo: { created: '2024-05-14T09:30:12.345Z', creators: ['Tool: bpkit-0.1.0'] } },
      { ...good, creationInfo: { created: '2024-05-14T09:30:12Z', creators: [] } },
      { ...good, packages: [app, { ...first, SPDXID: 'SPDXRef-go 1.22.3' }] },
      { ...good, packages: [app, { ...first, checksums: [{ algorithm: 'SHA-256', checksumValue: GO_SHA256 }] }] },
      { ...good, relationships: [{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBED', relatedSpdxElement: 'SPDXRef-App' }] },
      { ...good, documentNamespace: undefined },
      { ...good, bomFormat: 'CycloneDX' },
    ];
    for (const document of broken) expect(validate(JSON.parse(JSON.stringify(document)))).toBe(false);
  });

  it('is the same bytes for the same input, whatever its order; a namespace of its own for other content', () => {
    const input = sampleSbomInput();
    const reversed = { ...input, installed: [...input.installed].reverse(), app: [...input.app].reverse() };
    expect(JSON.stringify(spdx(reversed))).toBe(JSON.stringify(spdx(input)));
    const namespace = (d: object) => (d as { documentNamespace: string }).documentNamespace;
    expect(namespace(spdx(input))).toMatch(/^https:\/\/spdx\.org\/spdxdocs\/bpkit\/shop-api-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(namespace(spdx({ ...input, createdAt: new Date('2024-05-15T00:00:00Z') }))).not.toBe(namespace(spdx(input)));
  });

  it('says when, with what, and of which app', () => {
    expect(doc()).toMatchObject({
      creationInfo: {
        created: '2024-05-14T09:30:12Z',
        creators: ['Tool: bpkit-0.1.0'],
        comment: expect.stringContaining('Cloud Foundry app shop api (9d5c0a1e-3f52-4a8b-b6c7-2e1f0d9c8b7a) on stack cflinuxfs4'),
      },
    });
  });

  it('describes a buildpack install: download location, SHA256, licenses, purl and cpe, buildpack and path', () => {
    const go = doc().packages.find((p) => p.name === 'go');
    expect(go).toEqual({
      SPDXID: expect.stringMatching(/^SPDXRef-Installed-go-1\.22\.3-[0-9a-f]{8}$/),
      name: 'go',
      versionInfo: '1.22.3',
      downloadLocation: 'https://buildpacks.cloudfoundry.org/dependencies/go/go_1.22.3_linux_x64_cflinuxfs4_0b3d6ff6.tgz',
      filesAnalyzed: false,
      checksums: [{ algorithm: 'SHA256', checksumValue: GO_SHA256 }],
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'BSD-3-Clause',
      copyrightText: 'NOASSERTION',
      sourceInfo:
        'installed by go_buildpack at deps/0/go1.22.3 (used to build, not in the droplet); built from https://go.dev/dl/go1.22.3.src.tar.gz (sha256 80648ef34f903193d72a59c0dff019f5f98ae0c9aa13ade0b0ecbff991a76f68)',
      externalRefs: [
        { referenceCategory: 'SECURITY', referenceType: 'cpe23Type', referenceLocator: 'cpe:2.3:a:golang:go:1.22.3:*:*:*:*:*:*:*' },
        {
          referenceCategory: 'PACKAGE-MANAGER',
          referenceType: 'purl',
          referenceLocator: 'pkg:generic/go@1.22.3?checksum=sha256:80648ef34f903193d72a59c0dff019f5f98ae0c9aa13ade0b0ecbff991a76f68&download_url=https://go.dev/dl/go1.22.3.src.tar.gz',
        },
      ],
      primaryPackagePurpose: 'APPLICATION',
    });
  });

  it('declares licenses only when every one is on the SPDX list, NOASSERTION with the names otherwise', () => {
    const node = doc().packages.find((p) => p.name === 'node');
    expect(node).toMatchObject({ licenseDeclared: 'NOASSERTION', licenseComments: 'manifest.yml lists: MIT, Some Vendor License', licenseConcluded: 'NOASSERTION' });
    const input = sampleSbomInput();
    const both = doc({ ...input, installed: [{ ...input.installed[1], licenses: ['mit', 'apache-2.0'] } as (typeof input.installed)[number]] });
    expect(both.packages.find((p) => p.name === 'node')?.licenseDeclared).toBe('MIT AND Apache-2.0');
    expect(doc().packages.find((p) => p.name === 'dep')).toMatchObject({ licenseDeclared: 'NOASSERTION', downloadLocation: 'NOASSERTION' });
  });

  it('describes app packages with purl, SHA checksums from their lockfiles, and where they were read', () => {
    const packages = doc().packages;
    expect(packages.find((p) => p.name === 'nokogiri')).toMatchObject({
      SPDXID: expect.stringMatching(/^SPDXRef-gem-nokogiri-1\.16\.2-x86-64-linux-[0-9a-f]{8}$/),
      versionInfo: '1.16.2-x86_64-linux',
      downloadLocation: 'NOASSERTION',
      checksums: [{ algorithm: 'SHA256', checksumValue: 'ab'.repeat(32) }],
      licenseDeclared: 'NOASSERTION',
      sourceInfo: `Gemfile.lock (sha256=${'ab'.repeat(32)})`,
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:gem/nokogiri@1.16.2?platform=x86_64-linux' }],
      primaryPackagePurpose: 'LIBRARY',
    });
    expect(packages.find((p) => p.name === '@babel/code-frame')).toMatchObject({
      SPDXID: expect.stringMatching(/^SPDXRef-npm-babel-code-frame-7\.24\.2-[0-9a-f]{8}$/),
      checksums: [{ algorithm: 'SHA512', checksumValue: expect.stringMatching(/^[0-9a-f]{128}$/) }],
      sourceInfo: expect.stringMatching(/^package-lock\.json, yarn\.lock \(sha512-/),
    });
    expect(packages.find((p) => p.name === 'github.com/gorilla/mux')).not.toHaveProperty('checksums');
  });

  it('has unique SPDXIDs; the document DESCRIBES the app, which DEPENDS_ON every other package', () => {
    const { packages, relationships } = doc();
    const ids = packages.map((p) => p.SPDXID);
    expect(new Set(ids).size).toBe(ids.length);
    expect(packages).toHaveLength(1 + 3 + 6);
    expect(relationships[0]).toEqual({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-App' });
    expect(relationships.slice(1)).toEqual(ids.slice(1).map((id) => ({ spdxElementId: 'SPDXRef-App', relationshipType: 'DEPENDS_ON', relatedSpdxElement: id })));
  });
});
