import { basename } from 'node:path';
import { readZipBuildpack } from '../zip-buildpack.ts';
import { type RuleResult, failed, passed } from '../violation.ts';

/**
 * [zip-version] The zip holds VERSION as CF's packager writes it: the version alone, no newline, and
 * the same as the buildpack's (`expected`, its VERSION file). The staging header ("Go Buildpack
 * version X"), config.yml and BUILDPACK_METADATA all read it.
 */
export async function zipVersion(zipPath: string, expected: string): Promise<RuleResult> {
  const zip = await readZipBuildpack(zipPath);
  if (zip.version === undefined) return failed('zip-version', `${basename(zipPath)} has no VERSION file`);
  const problems: string[] = [];
  if (zip.version !== zip.version.trim()) problems.push(`VERSION in the zip must have no surrounding whitespace or newline, is ${JSON.stringify(zip.version)}`);
  if (zip.version.trim() !== expected.trim()) problems.push(`VERSION in the zip is ${JSON.stringify(zip.version.trim())}, the buildpack's is ${JSON.stringify(expected.trim())}`);
  return problems.length ? failed('zip-version', ...problems) : passed('zip-version');
}
