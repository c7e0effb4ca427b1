// `bpkit droplet inspect`: what a droplet is, from the droplet itself (and its result.json when one is beside it).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { load } from 'js-yaml';
import { sbomSummary } from '@bpkit/sbom';
import { readDropletContents } from './droplet-contents.ts';
import { dropletSbomInput } from './droplet-sbom.ts';

export interface DropletInspection {
  startCommand: string;
  processTypes: Record<string, string>;
  buildpacks: Array<{ name: string; version: string }>;
  stack: string;
  totalBytes: number;
  sizeByTopLevel: Array<[string, number]>;
  sbom: string[];
}

const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});

export async function inspectDroplet(droplet: string, app?: { name: string; guid?: string; stack: string; source?: string; resultJson?: string }): Promise<DropletInspection> {
  const contents = await readDropletContents(droplet);
  const info = record(contents.stagingInfo ? load(contents.stagingInfo) : undefined);
  const resultText = app?.resultJson ?? (await readFile(join(dirname(droplet), 'result.json'), 'utf8').catch(() => undefined));
  const result = record(resultText ? JSON.parse(resultText) : undefined);
  const processTypes = Object.fromEntries(Object.entries(record(result['process_types'])).map(([k, v]) => [k, String(v)]));
  const lifecycle = record(result['lifecycle_metadata']);
  const buildpacks = Object.keys(contents.depsConfig)
    .sort((a, b) => Number(a) - Number(b))
    .map((idx) => record(load(contents.depsConfig[idx] as string)))
    .map((c) => ({ name: String(c['name'] ?? ''), version: String(c['version'] ?? '') }));
  const stack = app?.stack ?? String(lifecycle['stack'] ?? 'cflinuxfs4');
  const input = await dropletSbomInput(
    { droplet, appName: app?.name ?? 'droplet', stack, ...(app?.guid ? { appGuid: app.guid } : {}), ...(app?.source ? { appSource: app.source } : {}) },
    contents,
  );
  return {
    startCommand: String(info['start_command'] ?? ''),
    processTypes,
    buildpacks,
    stack,
    totalBytes: contents.totalBytes,
    sizeByTopLevel: Object.entries(contents.sizeByTopLevel).sort(([, a], [, b]) => b - a),
    sbom: sbomSummary(input),
  };
}
