// result.json and staging_info.yml exactly as BAL writes them: Go structs encoded with json.Encoder
// (field order fixed, maps sorted, HTML-safe escaping, trailing newline).

import { GoStruct, goJson } from '../go-compat/go-json.ts';
import type { BuildpackConfig, BuildpackMetadata } from './deps-config-yml.ts';
import type { ProcessResult, Sidecar, StagedProcess } from './processes.ts';

export interface LifecycleMetadata {
  buildpack_key?: string;
  detected_buildpack: string;
  buildpacks: BuildpackMetadata[];
}

/** The parsed result.json (also the failure form, where process_types is null). */
export interface StagingResult {
  lifecycle_metadata: LifecycleMetadata;
  process_types: Record<string, string> | null;
  processes?: StagedProcess[];
  sidecars?: Sidecar[];
  execution_metadata: string;
  lifecycle_type: 'buildpack';
}

function configStruct(config: BuildpackConfig): GoStruct {
  return new GoStruct(config.entrypoint_prefix ? [['entrypoint_prefix', config.entrypoint_prefix]] : []);
}

function buildpackStruct(bp: BuildpackMetadata): GoStruct {
  const fields: Array<[string, unknown]> = [
    ['key', bp.key],
    ['name', bp.name],
  ];
  if (bp.version) fields.push(['version', bp.version]);
  if (bp.config) fields.push(['config', configStruct(bp.config)]);
  if (bp.output_metadata && Object.keys(bp.output_metadata).length > 0) fields.push(['output_metadata', bp.output_metadata]);
  return new GoStruct(fields);
}

function lifecycleMetadataStruct(buildpacks: BuildpackMetadata[]): GoStruct {
  const last = buildpacks[buildpacks.length - 1];
  const fields: Array<[string, unknown]> = [];
  if (last?.key) fields.push(['buildpack_key', last.key]);
  fields.push(['detected_buildpack', last?.name ?? '']);
  fields.push(['buildpacks', buildpacks.map(buildpackStruct)]);
  return new GoStruct(fields);
}

export function lifecycleMetadata(buildpacks: BuildpackMetadata[]): LifecycleMetadata {
  const last = buildpacks[buildpacks.length - 1];
  return {
    ...(last?.key ? { buildpack_key: last.key } : {}),
    detected_buildpack: last?.name ?? '',
    buildpacks,
  };
}

export function resultJson(result: ProcessResult, buildpacks: BuildpackMetadata[]): string {
  const fields: Array<[string, unknown]> = [
    ['lifecycle_metadata', lifecycleMetadataStruct(buildpacks)],
    ['process_types', result.processTypes],
  ];
  if (result.processes.length > 0) fields.push(['processes', result.processes.map((p) => new GoStruct([['type', p.type], ['command', p.command]]))]);
  if (result.sidecars.length > 0) {
    fields.push([
      'sidecars',
      result.sidecars.map((s) => {
        const f: Array<[string, unknown]> = [
          ['name', s.name],
          ['process_types', s.process_types],
          ['command', s.command],
        ];
        if (s.memory) f.push(['memory', s.memory]);
        return new GoStruct(f);
      }),
    ]);
  }
  fields.push(['execution_metadata', ''], ['lifecycle_type', 'buildpack']);
  return `${goJson(new GoStruct(fields))}\n`;
}

/** The result.json written when staging fails after detect/supply (§1.3.8). */
export function failureResultJson(buildpacks: BuildpackMetadata[]): string {
  return `${goJson(
    new GoStruct([
      ['lifecycle_type', 'buildpack'],
      ['lifecycle_metadata', lifecycleMetadataStruct(buildpacks)],
      ['process_types', null],
      ['execution_metadata', ''],
    ]),
  )}\n`;
}

export function stagingInfoJson(result: ProcessResult, buildpacks: BuildpackMetadata[]): string {
  const last = buildpacks[buildpacks.length - 1];
  const fields: Array<[string, unknown]> = [
    ['detected_buildpack', last?.name ?? ''],
    ['start_command', result.processTypes.web ?? ''],
  ];
  if (last?.config) fields.push(['config', configStruct(last.config)]);
  return `${goJson(new GoStruct(fields))}\n`;
}

export function stagingResult(result: ProcessResult, buildpacks: BuildpackMetadata[]): StagingResult {
  return {
    lifecycle_metadata: lifecycleMetadata(buildpacks),
    process_types: { ...result.processTypes },
    ...(result.processes.length > 0 ? { processes: result.processes } : {}),
    ...(result.sidecars.length > 0 ? { sidecars: result.sidecars } : {}),
    execution_metadata: '',
    lifecycle_type: 'buildpack',
  };
}
