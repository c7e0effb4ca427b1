import { resolve } from 'node:path';
import type { ManifestApp } from './app-manifest-types.ts';
import { ManifestError } from './manifest-error.ts';
import { byAttributeName } from './manifest-keys.ts';
import { readBuildpacks } from './read-buildpacks.ts';
import { readEnv } from './read-env.ts';
import { type ProcessAttributes, readProcessAttributes } from './read-process-attributes.ts';
import { readRoutes } from './read-routes.ts';
import { readServices } from './read-services.ts';
import { isMap, isScalar } from './yaml-values.ts';

export interface ParsedManifestApp {
  app: ManifestApp;
  /** Every problem, in Cloud Controller's words, each prefixed with the app as CC names it. */
  errors: string[];
  usesSingularBuildpack: boolean;
}

/**
 * One `applications:` entry. Attributes cf does not know are ignored, as cf v8 passes them to Cloud
 * Controller, which ignores them. Problems the cf CLI itself refuses with a fixed text throw; the ones
 * Cloud Controller reports are collected, as CC reports all of them at once.
 */
export function parseManifestApp(raw: unknown, index: number, manifestDir: string): ParsedManifestApp {
  if (!isMap(raw)) {
    // go-yaml refuses this in the CLI with a Go type name; this wording is bpkit's.
    throw new ManifestError(`For application at index ${index}: Application must be a map of attributes`);
  }
  const problems: string[] = [];
  const app: ManifestApp = { name: readName(raw.name, problems) };
  const path = readPath(raw.path, problems);
  if (path !== undefined) app.path = resolve(manifestDir, path);

  checkDiskQuotaSpellings(raw);
  const attributes = byAttributeName(omit(raw, ['name', 'path']));

  const buildpacks = readBuildpacks(attributes, problems);
  if (buildpacks) app.buildpacks = buildpacks;
  if (attributes.has('env')) {
    const env = readEnv(attributes.get('env'), problems);
    if (env) app.env = env;
  }
  const stack = attributes.get('stack');
  if (isScalar(stack) && stack !== '') app.stack = String(stack);
  else if (stack !== undefined && stack !== null && stack !== '') problems.push('Stack must be a string');
  if (attributes.has('services')) {
    const services = readServices(attributes.get('services'), problems);
    if (services) app.services = services;
  }
  Object.assign(app, readRoutes(attributes, problems));
  Object.assign(app, readWebProcess(attributes, problems));

  const label = app.name ? `For application '${app.name}': ` : `For application at index ${index}: `;
  return {
    app,
    errors: problems.map((problem) => label + problem),
    usesSingularBuildpack: attributes.has('buildpack'),
  };
}

// The CLI reads `name` into a Go string: any scalar is its text.
function readName(value: unknown, problems: string[]): string {
  if (value === undefined || value === null) return '';
  if (isScalar(value)) return String(value);
  problems.push('Name must be a string');
  return '';
}

function readPath(value: unknown, problems: string[]): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (isScalar(value)) return String(value);
  problems.push('Path must be a string');
  return undefined;
}

// The cf CLI reads the old `disk_quota` spelling itself and refuses these two cases in these words.
function checkDiskQuotaSpellings(raw: Record<string, unknown>): void {
  const underscored = raw.disk_quota;
  if (underscored === undefined || underscored === null) return;
  const hyphenated = raw['disk-quota'];
  if (hyphenated !== undefined && hyphenated !== null && hyphenated !== '') {
    throw new ManifestError('cannot define both `disk_quota` and `disk-quota`');
  }
  if (typeof underscored !== 'string') throw new ManifestError('`disk_quota` must be a string');
}

/**
 * The web process's settings. Top-level attributes configure it, unless `processes:` has a `web` entry,
 * which then replaces them all (CC scales and updates web from that entry alone). Other process types
 * are checked but not returned: bpkit runs the web process.
 */
function readWebProcess(attributes: Map<string, unknown>, problems: string[]): ProcessAttributes {
  const topLevel = readProcessAttributes(attributes, 'web', problems);
  if (!attributes.has('processes')) return topLevel;
  const processes = attributes.get('processes');
  if (!Array.isArray(processes)) {
    problems.push('Processes must be an array of process configurations');
    return topLevel;
  }
  const types = processes.map((process) => (isMap(process) && isScalar(process.type) ? String(process.type) : ''));
  if (types.some((type) => type === '')) problems.push('All Processes must specify a type');
  for (const type of new Set(types.filter((type, i) => type !== '' && types.indexOf(type) !== i))) {
    problems.push(`Process "${type}" may only be present once`);
  }
  let web: ProcessAttributes | undefined;
  processes.forEach((process, i) => {
    const type = types[i] ?? '';
    if (!isMap(process) || type === '') return;
    const attributesOfProcess = readProcessAttributes(byAttributeName(process), type, problems);
    if (type === 'web' && web === undefined) web = attributesOfProcess;
  });
  return web ?? topLevel;
}

function omit(map: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).filter(([key]) => !keys.includes(key)));
}
