import type { HealthCheckType } from './app-manifest-types.ts';
import { megabytesProblem, parseMegabytes } from './parse-megabytes.ts';
import { isScalar } from './yaml-values.ts';

/** What a manifest sets for one process: the app's top level (the web process) or a `processes:` entry. */
export interface ProcessAttributes {
  command?: string;
  memoryMb?: number;
  diskMb?: number;
  instances?: number;
  healthCheckType?: HealthCheckType;
  healthCheckHttpEndpoint?: string;
  timeout?: number;
}

const HEALTH_CHECK_TYPES: readonly string[] = ['port', 'process', 'http'];
// CC's limit for instances (ManifestProcessScaleMessage).
const MAX_INSTANCES = 2_000_000;

/**
 * Reads and checks one process's attributes, keyed by attributeName. Each problem is pushed to `errors`
 * in Cloud Controller's words, `Process "web": Memory must use a supported unit: ...`. An attribute
 * set to null counts as not set (the CLI drops empty values before CC sees them); `command: null`
 * resets to the buildpack's start command, which is also no command here.
 */
export function readProcessAttributes(attributes: Map<string, unknown>, type: string, errors: string[]): ProcessAttributes {
  const problem = (message: string) => errors.push(`Process "${type}": ${message}`);
  const result: ProcessAttributes = {};

  const command = attributes.get('command');
  if (typeof command === 'string') {
    if (command.length >= 1 && command.length <= 4096) result.command = command;
    else problem('Command must be between 1 and 4096 characters');
  } else if (command !== undefined && command !== null) {
    problem('Command must be a string');
  }

  const memory = readMegabytes(attributes.get('memory'), 'Memory', problem);
  if (memory !== undefined) result.memoryMb = memory;
  const disk = readMegabytes(attributes.get('disk_quota'), 'Disk quota', problem);
  if (disk !== undefined) result.diskMb = disk;

  const instances = readInteger(attributes.get('instances'), 'Instances', problem);
  if (instances !== undefined) {
    if (instances < 0) problem('Instances must be greater than or equal to 0');
    else if (instances > MAX_INSTANCES) problem(`Instances must be less than or equal to ${MAX_INSTANCES}`);
    else result.instances = instances;
  }

  const timeout = readInteger(attributes.get('timeout'), 'Timeout', problem);
  if (timeout !== undefined) {
    if (timeout < 1) problem('Timeout must be greater than or equal to 1');
    else result.timeout = timeout;
  }

  const healthCheckType = attributes.get('health_check_type');
  if (healthCheckType !== undefined && healthCheckType !== null) {
    // CC maps 'none', the type's old name, to 'process' before it validates.
    const type = healthCheckType === 'none' ? 'process' : String(healthCheckType);
    if (HEALTH_CHECK_TYPES.includes(type)) result.healthCheckType = type as HealthCheckType;
    else problem('Health check type must be "port", "process", or "http"');
  }

  const endpoint = attributes.get('health_check_http_endpoint');
  if (endpoint !== undefined && endpoint !== null) {
    if (typeof endpoint === 'string' && /^\/\S*$/.test(endpoint)) result.healthCheckHttpEndpoint = endpoint;
    else problem('Health check http endpoint must be a valid URI path');
    if (healthCheckType !== undefined && healthCheckType !== null && result.healthCheckType !== 'http') {
      problem('Health check type must be "http" to set a health check HTTP endpoint');
    }
  }

  return result;
}

function readMegabytes(value: unknown, label: 'Memory' | 'Disk quota', problem: (message: string) => void): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  // The CLI reads these as strings, so `memory: 1024` is the text "1024", which has no unit.
  const parsed = parseMegabytes(isScalar(value) ? String(value) : '');
  const message = megabytesProblem(label, parsed);
  if (message) problem(message);
  return 'megabytes' in parsed && !message ? parsed.megabytes : undefined;
}

// cf's CLI decodes these into Go ints; CC's numericality check words the refusal.
function readInteger(value: unknown, label: string, problem: (message: string) => void): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') problem(`${label} is not a number`);
  else if (!Number.isInteger(value)) problem(`${label} must be an integer`);
  else return value;
  return undefined;
}
