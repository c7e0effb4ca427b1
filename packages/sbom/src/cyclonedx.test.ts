import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { cyclonedx } from './index.ts';
import { cyclonedxValidator } from './testing/schema-validators.ts';
import { GO_SHA256, sampleSbomInput } from './sample-sbom-input.ts';

type Json = Record<string, unknown>;
const components = (bom: object) => (bom as { components: Json[] }).components;

describe('CycloneDX 1.6', () => {
  let validate: ValidateFunction;
  beforeAll(async () => {
    validate = await cyclonedxValidator();
  });

  it('is valid against the CycloneDX 1.6 JSON schema', () => {
    const bom = JSON.parse(JSON.stringify(cyclonedx(sampleSbomInput()))) as unknown;
    expect(validate(bom), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The library's copy of the schema no longer requires `version`; the published one does.
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 });
  });

  it('is valid with nothing installed and no lockfiles', () => {
    const bom = cyclonedx({ ...sampleSbomInput(), installed: [], app: [], appGuid: undefined });
    expect(validate(JSON.parse(JSON.stringify(bom))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('fails validation when the document is broken, so the check can fail', () => {
    const bom = JSON.parse(JSON.stringify(cyclonedx(sampleSbomInput()))) as Json & { components: Json[] };
    const broken = [
      { ...bom, specVersion: 1.6 },
      { ...bom, serialNumber: 'urn:uuid:not-a-uuid' },
      { ...bom, components: [{ ...bom.components[0], type: 'runtime' }] },
      { ...bom, components: [{ ...bom.components[0], hashes: [{ alg: 'SHA-256', content: 'abcd' }] }] },
      { ...bom, components: [{ ...bom.components[0], licenses: [{ license: { id: 'Some Vendor License' } }] }] },
      { ...bom, unexpected: true },
    ];
    for (const doc of broken) expect(validate(doc)).toBe(false);
  });

  it('is the same bytes for the same input, whatever its order', () => {
    const input = sampleSbomInput();
    const reversed = { ...input, installed: [...input.installed].reverse(), app: [...input.app].reverse() };
    expect(JSON.stringify(cyclonedx(reversed))).toBe(JSON.stringify(cyclonedx(input)));
    const other = cyclonedx({ ...input, app: input.app.slice(1) }) as { serialNumber: string };
    expect(other.serialNumber).not.toBe((cyclonedx(input) as { serialNumber: string }).serialNumber);
  });

  it('names the app, the stack, the time and the tool in metadata', () => {
    expect(cyclonedx(sampleSbomInput())).toMatchObject({
      serialNumber: expect.stringMatching(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      metadata: {
        timestamp: '2024-05-14T09:30:12Z',
        lifecycles: [{ phase: 'post-build' }],
        tools: { components: [{ type: 'application', name: 'bpkit', version: '0.1.0' }] },
        component: {
          type: 'application',
          'bom-ref': 'cf-app:9d5c0a1e-3f52-4a8b-b6c7-2e1f0d9c8b7a',
          name: 'shop api',
          properties: [
            { name: 'bpkit:cf:app_guid', value: '9d5c0a1e-3f52-4a8b-b6c7-2e1f0d9c8b7a' },
            { name: 'bpkit:cf:stack', value: 'cflinuxfs4' },
          ],
        },
      },
    });
  });

  it('lists a buildpack install with its hashes, URLs, licenses, cpe, purl, buildpack and droplet path', () => {
    const go = components(cyclonedx(sampleSbomInput())).find((c) => c.name === 'go');
    expect(go).toEqual({
      type: 'application',
      'bom-ref': 'droplet:deps/0/go1.22.3 (used to build, not in the droplet)',
      name: 'go',
      version: '1.22.3',
      hashes: [{ alg: 'SHA-256', content: GO_SHA256 }],
      licenses: [{ license: { id: 'BSD-3-Clause' } }],
      cpe: 'cpe:2.3:a:golang:go:1.22.3:*:*:*:*:*:*:*',
      purl: 'pkg:generic/go@1.22.3?checksum=sha256:80648ef34f903193d72a59c0dff019f5f98ae0c9aa13ade0b0ecbff991a76f68&download_url=https://go.dev/dl/go1.22.3.src.tar.gz',
      externalReferences: [
        {
          type: 'distribution',
          url: 'https://buildpacks.cloudfoundry.org/dependencies/go/go_1.22.3_linux_x64_cflinuxfs4_0b3d6ff6.tgz',
          hashes: [{ alg: 'SHA-256', content: GO_SHA256 }],
        },
        {
          type: 'source-distribution',
          url: 'https://go.dev/dl/go1.22.3.src.tar.gz',
          hashes: [{ alg: 'SHA-256', content: '80648ef34f903193d72a59c0dff019f5f98ae0c9aa13ade0b0ecbff991a76f68' }],
        },
      ],
      properties: [
        { name: 'bpkit:buildpack', value: 'go_buildpack' },
        { name: 'bpkit:droplet:path', value: 'deps/0/go1.22.3 (used to build, not in the droplet)' },
      ],
    });
    const node = components(cyclonedx(sampleSbomInput())).find((c) => c.name === 'node');
    expect(node?.licenses).toEqual([{ license: { id: 'MIT' } }, { license: { name: 'Some Vendor License' } }]);
    expect(node?.purl).toBe(
      'pkg:generic/node@20.13.1?checksum=sha256:c1a2b3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90&download_url=https://buildpacks.cloudfoundry.org/dependencies/node/node_20.13.1_linux_x64_cflinuxfs4_c1a2b3d4.tgz',
    );
    // A manifest sha256 that is not one is left out rather than written as a false hash.
    expect(components(cyclonedx(sampleSbomInput())).find((c) => c.name === 'dep')).not.toHaveProperty('hashes');
  });

  it('lists app packages once each, by purl, with their lockfiles and the hashes their lockfiles hold', () => {
    const list = components(cyclonedx(sampleSbomInput()));
    expect(list.map((c) => c['bom-ref'])).toEqual([
      'droplet:deps/0/dep',
      'droplet:deps/0/go1.22.3 (used to build, not in the droplet)',
      'droplet:deps/1/node',
      'pkg:gem/nokogiri@1.16.2?platform=x86_64-linux',
      'pkg:golang/github.com/BurntSushi/toml@v1.3.2',
      'pkg:golang/github.com/felixge/httpsnoop@v1.0.3',
      'pkg:golang/github.com/gorilla/mux@v1.8.1',
      'pkg:npm/%40babel/code-frame@7.24.2',
      'pkg:npm/ms@2.1.3',
    ]);
    expect(list.find((c) => c.name === '@babel/code-frame')).toEqual({
      type: 'library',
      'bom-ref': 'pkg:npm/%40babel/code-frame@7.24.2',
      name: '@babel/code-frame',
      version: '7.24.2',
      hashes: [{ alg: 'SHA-512', content: Buffer.from('y5+tLQyV8pg3fsiln67BVLD1P13Eg4lh5RW9mF0zUuvLrv9uIQ4MCL+CRT+FTsBlBjcIan6PGsLcBN0m3ClUyQ==', 'base64').toString('hex') }],
      purl: 'pkg:npm/%40babel/code-frame@7.24.2',
      properties: [
        { name: 'bpkit:lockfile', value: 'package-lock.json' },
        { name: 'bpkit:lockfile', value: 'yarn.lock' },
        { name: 'bpkit:lockfile:integrity', value: 'sha512-y5+tLQyV8pg3fsiln67BVLD1P13Eg4lh5RW9mF0zUuvLrv9uIQ4MCL+CRT+FTsBlBjcIan6PGsLcBN0m3ClUyQ==' },
      ],
    });
    // go.sum's h1: is no file hash: kept as a property only.
    const mux = list.find((c) => c.name === 'github.com/gorilla/mux');
    expect(mux).not.toHaveProperty('hashes');
    expect(mux?.properties).toContainEqual({ name: 'bpkit:lockfile:integrity', value: 'h1:TuBL49tXwgrFYWhqrNgrUNEY92u81SPhu7sTdzQEiWY=' });
    expect(list.find((c) => c.name === 'nokogiri')?.hashes).toEqual([{ alg: 'SHA-256', content: 'ab'.repeat(32) }]);
  });

  it('makes the app depend on every component', () => {
    const bom = cyclonedx(sampleSbomInput()) as { dependencies: { ref: string; dependsOn: string[] }[]; components: Json[] };
    expect(bom.dependencies).toEqual([{ ref: 'cf-app:9d5c0a1e-3f52-4a8b-b6c7-2e1f0d9c8b7a', dependsOn: bom.components.map((c) => c['bom-ref']) }]);
  });
});
