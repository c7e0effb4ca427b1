import { basename } from 'node:path';
import { readZipBuildpack } from '../zip-buildpack.ts';
import { type RuleResult, failed, passed } from '../violation.ts';

/** libbuildpack's packager: `<language>_buildpack[-cached][-<stack>]-v<version>.zip`. */
export function cfZipName(language: string, version: string, cached: boolean, stack?: string): string {
  return `${language}_buildpack${cached ? '-cached' : ''}${stack ? `-${stack}` : ''}-v${version}.zip`;
}

/**
 * [zip-name] The zip is named as CF's packager names it, from what it holds: the manifest's language,
 * the VERSION inside, `-cached` when it vendors dependencies (either name when there is nothing to vendor),
 * `-<stack>` when its manifest has `stack:`.
 * Operators and CI match these names (`cf create-buildpack go_buildpack go_buildpack-cached-cflinuxfs4-v1.10.49.zip`).
 */
export async function zipName(zipPath: string): Promise<RuleResult> {
  const zip = await readZipBuildpack(zipPath);
  const language = typeof zip.manifest?.language === 'string' ? zip.manifest.language : undefined;
  if (language === undefined || zip.version === undefined) {
    return failed('zip-name', `${basename(zipPath)} has no ${language === undefined ? 'manifest.yml language' : 'VERSION'} to name it by`);
  }
  const want = cfZipName(language, zip.version.trim(), zip.cached, zip.stack);
  // A buildpack with nothing to vendor (binary's manifest is empty) packs the same zip either way.
  const deps = Array.isArray(zip.manifest?.dependencies) ? zip.manifest.dependencies : [];
  const either = deps.length === 0 && !zip.cached ? [want, cfZipName(language, zip.version.trim(), true, zip.stack)] : [want];
  return either.includes(basename(zipPath)) ? passed('zip-name') : failed('zip-name', `the zip must be named ${want}, is ${basename(zipPath)}`);
}
