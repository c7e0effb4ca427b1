// staging_info.yml as the launcher reads it (relative to its cwd, the droplet root): a missing file is
// fine; anything unreadable or unparsable is `Invalid staging info - …`.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathErrorText } from '../go-compat/go-errors.ts';

export interface StagingInfo {
  detected_buildpack: string;
  start_command: string;
  config?: { entrypoint_prefix?: string };
}

export const STAGING_INFO_FILENAME = 'staging_info.yml';

export class StagingInfoError extends Error {}

/**
 * Reads staging_info.yml synchronously. BAL writes JSON, which is parsed without loading a YAML
 * parser; other YAML is handed to `parseYaml` (async) by the caller through `needsYaml`.
 */
export function readStagingInfoText(cwd: string): string | undefined {
  const path = join(cwd, STAGING_INFO_FILENAME);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StagingInfoError(pathErrorText('read', STAGING_INFO_FILENAME, error));
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : undefined;
}

/** Parses the JSON form; undefined when the text is not the simple JSON BAL writes. */
export function parseStagingInfoJson(text: string): StagingInfo | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (data === null) return { detected_buildpack: '', start_command: '' };
  if (typeof data !== 'object' || Array.isArray(data)) return undefined;
  const o = data as Record<string, unknown>;
  const detected = str(o.detected_buildpack);
  const start = str(o.start_command);
  if (detected === undefined || start === undefined) return undefined;
  const info: StagingInfo = { detected_buildpack: detected, start_command: start };
  if (o.config !== undefined && o.config !== null) {
    if (typeof o.config !== 'object' || Array.isArray(o.config)) return undefined;
    const prefix = str((o.config as Record<string, unknown>).entrypoint_prefix);
    if (prefix === undefined) return undefined;
    info.config = prefix ? { entrypoint_prefix: prefix } : {};
  }
  return info;
}

export async function parseStagingInfoYaml(text: string): Promise<StagingInfo> {
  const { decodeString, field, isNull, mappingEntries, parseYaml } = await import('../go-compat/go-yaml.ts');
  try {
    const root = (await parseYaml(text)).root;
    mappingEntries(root, 'buildpackrunner.DeaStagingInfo');
    const info: StagingInfo = {
      detected_buildpack: decodeString(field(root, 'detected_buildpack') ?? null),
      start_command: decodeString(field(root, 'start_command') ?? null),
    };
    const config = field(root, 'config');
    if (config && !isNull(config)) {
      mappingEntries(config, 'buildpackrunner.DeaStagingInfoConfig');
      const prefix = decodeString(field(config, 'entrypoint_prefix') ?? null);
      info.config = prefix ? { entrypoint_prefix: prefix } : {};
    }
    return info;
  } catch (error) {
    throw new StagingInfoError(`failed to unmarshal ${STAGING_INFO_FILENAME}: ${(error as Error).message}`);
  }
}
