import { cyclonedx } from './cyclonedx.ts';
import type { SbomInput } from './sbom-input.ts';
import { spdx } from './spdx.ts';
import type { SbomFormat } from './staged-sbom.ts';

/** The tool every bpkit SBOM names as its author. */
export const BPKIT_TOOL = { name: 'bpkit', version: '0.1.0' } as const;

/** One SBOM document as the file holds it: indented JSON and a final newline. */
export function renderSbom(input: SbomInput, format: SbomFormat): string {
  return `${JSON.stringify(format === 'spdx' ? spdx(input) : cyclonedx(input), null, 2)}\n`;
}
