import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import type { KitEnvironment } from '../kit-environment.ts';
import { isCleanFailure, tail } from '../run-script.ts';
import { runSupplyWatched } from '../supply-run.ts';
import { type RuleResult, failed, passed, skipped } from '../violation.ts';

async function expected(bpDir: string): Promise<{ language: string; version: string }> {
  const manifest = load(await readFile(join(bpDir, 'manifest.yml'), 'utf8'), { schema: FAILSAFE_SCHEMA }) as { language?: unknown };
  const version = (await readFile(join(bpDir, 'VERSION'), 'utf8')).trim();
  return { language: typeof manifest?.language === 'string' ? manifest.language : '', version };
}

/**
 * [config-yml] After supply, deps/<idx>/config.yml names the buildpack (its manifest `language`) and
 * its VERSION, with `config` a map when present: CF reads them as the staging metadata (`cf app`'s
 * buildpack column) and finalize reads `config` back. Needs a supply that succeeds: on an app where
 * supply stops with a clean `**ERROR**` (no toolchain), the rule is skipped and says so.
 */
export async function configYml(bpDir: string, kit: KitEnvironment, app?: string): Promise<RuleResult> {
  const { run, layout } = await runSupplyWatched(bpDir, kit, app);
  if (run.code !== 0) {
    const first = `${run.stdout}${run.stderr}`.split('\n').find((l) => l.includes('**ERROR**'))?.trim() ?? tail(run, 1);
    if (isCleanFailure(run)) return skipped('config-yml', `supply stopped on ${app ?? 'an empty app'}: ${first}`);
    return failed('config-yml', `supply exited ${run.code}, so it wrote no config.yml: ${tail(run)}`);
  }
  const file = join(layout.depsDir, layout.depsIdx, 'config.yml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return failed('config-yml', `supply succeeded but wrote no deps/${layout.depsIdx}/config.yml`);
  }
  let data: unknown;
  try {
    data = load(text, { schema: FAILSAFE_SCHEMA });
  } catch (error) {
    return failed('config-yml', `deps/${layout.depsIdx}/config.yml is not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return failed('config-yml', `deps/${layout.depsIdx}/config.yml must be a map, is ${JSON.stringify(text.slice(0, 80))}`);
  }
  const config = data as Record<string, unknown>;
  const want = await expected(bpDir);
  const problems: string[] = [];
  if (config.name !== want.language) {
    problems.push(`deps/${layout.depsIdx}/config.yml name must be the manifest language ${JSON.stringify(want.language)}, is ${JSON.stringify(config.name)}`);
  }
  if (config.version !== want.version) {
    problems.push(`deps/${layout.depsIdx}/config.yml version must be VERSION ${JSON.stringify(want.version)}, is ${JSON.stringify(config.version)}`);
  }
  if ('config' in config && (config.config === null || typeof config.config !== 'object' || Array.isArray(config.config))) {
    problems.push(`deps/${layout.depsIdx}/config.yml config must be a map`);
  }
  return problems.length ? failed('config-yml', ...problems) : passed('config-yml');
}
