import { cyclonedxValidator, spdxValidator } from '@bpkit/sbom/testing';
import { bpkit, ok } from './bpkit.ts';

/** The parts of a CycloneDX document the e2e suites look at. */
export interface CycloneDx {
  specVersion: string;
  components: Array<{
    name: string;
    version: string;
    purl?: string;
    hashes?: Array<{ alg: string; content: string }>;
    properties?: Array<{ name: string; value: string }>;
  }>;
}

/** `bpkit sbom APP` in both formats, each checked against its official JSON schema; the CycloneDX one parsed. */
export async function validatedSbom(app: string, env: NodeJS.ProcessEnv): Promise<CycloneDx> {
  const [cdx, spdx] = await Promise.all([
    bpkit(['sbom', app], env).then((f) => JSON.parse(ok(f).stdout) as CycloneDx),
    bpkit(['sbom', app, '--format', 'spdx'], env).then((f) => JSON.parse(ok(f).stdout) as object),
  ]);
  const [validCdx, validSpdx] = await Promise.all([cyclonedxValidator(), spdxValidator()]);
  if (!validCdx(cdx)) throw new Error(`CycloneDX SBOM of ${app} fails the schema: ${JSON.stringify(validCdx.errors, null, 2)}`);
  if (!validSpdx(spdx)) throw new Error(`SPDX SBOM of ${app} fails the schema: ${JSON.stringify(validSpdx.errors, null, 2)}`);
  return cdx;
}
