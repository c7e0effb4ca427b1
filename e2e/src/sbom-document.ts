import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
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

/**
 * `bpkit sbom APP` in both formats, each checked against its official JSON schema and byte for byte the one the
 * droplet carries at .bpkit/; the CycloneDX one parsed.
 */
export async function validatedSbom(app: string, env: NodeJS.ProcessEnv): Promise<CycloneDx> {
  const [cdxText, spdxText] = await Promise.all([
    bpkit(['sbom', app], env).then((f) => ok(f).stdout),
    bpkit(['sbom', app, '--format', 'spdx'], env).then((f) => ok(f).stdout),
  ]);
  const droplet = join(env.BPKIT_HOME ?? '', 'apps', app, 'droplet.tgz');
  const inDroplet = (entry: string): string => execFileSync('tar', ['-xzOf', droplet, entry], { encoding: 'utf8' });
  if (inDroplet('./.bpkit/sbom.cdx.json') !== cdxText) throw new Error(`the SBOM in ${app}'s droplet is not the one bpkit sbom prints`);
  if (inDroplet('./.bpkit/sbom.spdx.json') !== spdxText) throw new Error(`the SPDX SBOM in ${app}'s droplet is not the one bpkit sbom prints`);
  const cdx = JSON.parse(cdxText) as CycloneDx;
  const spdx = JSON.parse(spdxText) as object;
  const [validCdx, validSpdx] = await Promise.all([cyclonedxValidator(), spdxValidator()]);
  if (!validCdx(cdx)) throw new Error(`CycloneDX SBOM of ${app} fails the schema: ${JSON.stringify(validCdx.errors, null, 2)}`);
  if (!validSpdx(spdx)) throw new Error(`SPDX SBOM of ${app} fails the schema: ${JSON.stringify(validSpdx.errors, null, 2)}`);
  return cdx;
}
