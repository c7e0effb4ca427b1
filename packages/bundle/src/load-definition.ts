import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildpackDefinition, DetectRule, DetectSpec } from '@bpkit/buildpack';
import type { CoreTexts } from './declared-phases.ts';
import { bundleEntry } from './esbuild-phase.ts';

export interface LoadedDefinition {
  definition: BuildpackDefinition;
  /** The core's release YAML writer and file, from the same @bpkit/buildpack the phases bundle. */
  releaseYaml: (processes: Record<string, string>) => string;
  releaseFile: string;
  /** What the declared (sh) phases print and write, rendered by that same core. */
  coreTexts: (manifestText: string) => CoreTexts;
}

// The core's functions the bundler renders texts with, so declared phases write what the Node phases would.
interface CoreModule {
  definition: unknown;
  releaseYaml: LoadedDefinition['releaseYaml'];
  RELEASE_FILE: string;
  titleCase: (language: string) => string;
  manifestLanguage: (manifestText: string) => string;
  configYml: CoreTexts['configYml'];
  stagedByMetadataYml: CoreTexts['stagedByMetadataYml'];
  STAGED_BY_FILE: string;
  launchEnvScript: CoreTexts['launchEnvScript'];
  MULTI_SUPPLY_SCRIPT: string;
  COMPILE_DEPS_DIR_SCRIPT: string;
  usageLine: (phase: 'supply' | 'finalize' | 'compile') => string;
}

/**
 * Evaluates `src/buildpack.ts` at build time. It is bundled together with the core it imports, so
 * the detect rules and release defaults are read exactly as the buildpack's own code states them.
 */
export async function loadDefinition(packageDir: string): Promise<LoadedDefinition> {
  const code = await bundleEntry({
    name: 'bpkit-definition-entry.js',
    resolveDir: packageDir,
    minify: false,
    format: 'esm',
    contents:
      "import definition from './src/buildpack.ts';\n" +
      'export { releaseYaml, RELEASE_FILE, titleCase, manifestLanguage, configYml, stagedByMetadataYml, STAGED_BY_FILE, launchEnvScript, ' +
      "MULTI_SUPPLY_SCRIPT, COMPILE_DEPS_DIR_SCRIPT, usageLine } from '@bpkit/buildpack';\n" +
      'export { definition };\n',
  });
  const dir = await mkdtemp(join(tmpdir(), 'bpkit-bundle-'));
  try {
    const file = join(dir, 'definition.mjs');
    await writeFile(file, code);
    const core = (await import(pathToFileURL(file).href)) as CoreModule;
    const coreTexts = (manifestText: string): CoreTexts => {
      const language = core.manifestLanguage(manifestText);
      return {
      header: `-----> ${core.titleCase(language)} Buildpack version `,
      language,
      configYml: core.configYml,
      stagedByMetadataYml: core.stagedByMetadataYml,
      stagedByFile: core.STAGED_BY_FILE,
      launchEnvScript: core.launchEnvScript,
      multiSupplyScript: core.MULTI_SUPPLY_SCRIPT,
      compileDepsDirScript: core.COMPILE_DEPS_DIR_SCRIPT,
      usage: { supply: core.usageLine('supply'), finalize: core.usageLine('finalize'), compile: core.usageLine('compile') },
      };
    };
    return { definition: checkDefinition(core.definition), releaseYaml: core.releaseYaml, releaseFile: core.RELEASE_FILE, coreTexts };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function checkDefinition(value: unknown): BuildpackDefinition {
  if (typeof value !== 'object' || value === null) {
    throw new Error('src/buildpack.ts must `export default defineBuildpack({...})`');
  }
  const def = value as { detect?: unknown; release?: unknown; supplies?: unknown };
  checkSpec(def.detect);
  if (def.supplies !== undefined) checkSupplies(def.supplies);
  if (def.release !== undefined) {
    if (typeof def.release !== 'object' || def.release === null || Array.isArray(def.release)) {
      throw new Error('src/buildpack.ts: release must map process types to commands');
    }
    for (const [type, command] of Object.entries(def.release)) {
      if (typeof command !== 'string') throw new Error(`src/buildpack.ts: release.${type} must be a string`);
    }
  }
  return value as BuildpackDefinition;
}

function checkSupplies(supplies: unknown): void {
  if (typeof supplies !== 'object' || supplies === null || Array.isArray(supplies)) throw new Error('src/buildpack.ts: supplies must be an object');
  for (const [key, value] of Object.entries(supplies)) {
    if (key === 'config') continue;
    if (key !== 'env' && key !== 'launchEnv' && key !== 'profileD') throw new Error(`src/buildpack.ts: supplies.${key} cannot be declared (only config, env, launchEnv, profileD)`);
    if (typeof value !== 'object' || value === null || Object.values(value).some((v) => typeof v !== 'string')) {
      throw new Error(`src/buildpack.ts: supplies.${key} must map names to strings`);
    }
    for (const name of Object.keys(value)) {
      if (key === 'profileD' ? !/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.') : !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new Error(`src/buildpack.ts: supplies.${key} has an invalid name ${JSON.stringify(name)}`);
      }
    }
  }
}

function checkSpec(spec: unknown): asserts spec is DetectSpec {
  const kind = (spec as { kind?: unknown } | undefined)?.kind;
  if (kind === 'never' || kind === 'code') return;
  if (kind === 'rules') {
    const s = spec as { rule?: unknown; output?: unknown };
    if (typeof s.output !== 'string') throw new Error('src/buildpack.ts: detect.when(rule, output) needs a string output');
    checkRule(s.rule);
    return;
  }
  throw new Error('src/buildpack.ts: detect must be detect.never(), detect.code() or detect.when(rule, output)');
}

function checkRule(rule: unknown): asserts rule is DetectRule {
  const r = rule as Record<string, unknown> | undefined;
  const strings = (...keys: string[]): void => {
    for (const key of keys) {
      if (typeof r?.[key] !== 'string') throw new Error(`src/buildpack.ts: detect rule ${String(r?.kind)} needs a string ${key}`);
    }
  };
  switch (r?.kind) {
    case 'file':
      return strings('path');
    case 'env':
      return strings('variable');
    case 'envPath':
      if (r.suffix !== undefined && typeof r.suffix !== 'string') throw new Error('src/buildpack.ts: envPath suffix must be a string');
      return strings('variable', 'fallback');
    case 'find':
      strings('under', 'name');
      if (r.minDepth !== undefined && typeof r.minDepth !== 'number') throw new Error('src/buildpack.ts: find minDepth must be a number');
      return;
    case 'all':
    case 'any':
      if (!Array.isArray(r.rules)) throw new Error(`src/buildpack.ts: detect rule ${r.kind} needs rules`);
      for (const child of r.rules) checkRule(child);
      return;
    case 'not':
      return checkRule(r.rule);
    default:
      throw new Error(`src/buildpack.ts: unknown detect rule ${JSON.stringify(r?.kind)}`);
  }
}
