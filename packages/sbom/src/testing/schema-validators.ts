// The official JSON schemas, compiled: what the package's tests and the e2e suites check SBOMs against.
// Test-only (ajv and the CycloneDX library are devDependencies): exported as @bpkit/sbom/testing.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

/**
 * CycloneDX 1.6, as @cyclonedx/cyclonedx-library ships the project's schemas (res/schema/README.md there): the BOM
 * schema `$ref`s the SPDX license-id and JSF signature schemas by these URIs.
 */
export async function cyclonedxValidator(): Promise<ValidateFunction> {
  const library = dirname(createRequire(import.meta.url).resolve('@cyclonedx/cyclonedx-library/package.json'));
  const schema = async (file: string) => JSON.parse(await readFile(join(library, 'res', 'schema', file), 'utf8')) as object;
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    addUsedSchema: false,
    schemas: {
      'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json': await schema('spdx.SNAPSHOT.schema.json'),
      'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json': await schema('jsf-0.82.SNAPSHOT.schema.json'),
    },
  });
  addFormats(ajv);
  // ajv-formats has no IRI formats; the URI ones are stricter (ASCII only), so a document they pass, an IRI check passes.
  ajv.addFormat('iri-reference', addFormats.get('uri-reference'));
  ajv.addFormat('idn-email', addFormats.get('email'));
  return ajv.compile(await schema('bom-1.6.SNAPSHOT.schema.json'));
}

/** SPDX 2.3, from the copy committed under schemas/ (no npm package ships it). */
export async function spdxValidator(): Promise<ValidateFunction> {
  const schema = JSON.parse(await readFile(fileURLToPath(new URL('../../schemas/spdx-schema.json', import.meta.url)), 'utf8')) as object;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}
