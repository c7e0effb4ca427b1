import { nodeRuntimeScript } from '@bpkit/node-runtime';
import { readZipBuildpack } from '../zip-buildpack.ts';
import { zipFile } from '../zip-archive.ts';
import { type RuleResult, failed, passed } from '../violation.ts';

/**
 * [zip-contents] The zip holds every file its manifest's `include_files` names (CF's packager zips
 * exactly that list, so a file missing from it is missing on the foundation), and a bpkit bootstrap's
 * lib/node-runtime matches the zip's manifest (a stale one would download Node from a cached zip, or
 * look for a vendored file an uncached zip does not have).
 */
export async function zipContents(zipPath: string): Promise<RuleResult> {
  const zip = await readZipBuildpack(zipPath);
  if (zip.manifest === undefined || zip.manifestText === undefined) return failed('zip-contents', 'the zip has no readable manifest.yml');
  const problems: string[] = [];
  const names = zip.entries.filter((e) => !e.directory).map((e) => e.name);
  const include = Array.isArray(zip.manifest.include_files) ? zip.manifest.include_files.map(String) : [];
  for (const listed of include) {
    const clean = listed.replace(/^\.\//, '').replace(/\/+$/, '');
    if (!names.some((n) => n === clean || n.startsWith(`${clean}/`))) problems.push(`include_files lists ${listed}, which is not in the zip`);
  }
  if (names.includes('lib/bootstrap.sh')) {
    const runtime = (await zipFile(zipPath, 'lib/node-runtime'))?.toString('utf8');
    let want: string | undefined;
    try {
      want = nodeRuntimeScript(zip.manifestText);
    } catch (error) {
      problems.push(`the zip's manifest has no usable node entry for lib/bootstrap.sh: ${(error as Error).message}`);
    }
    if (runtime === undefined) problems.push('lib/bootstrap.sh is in the zip but lib/node-runtime is not');
    else if (want !== undefined && runtime !== want) problems.push("lib/node-runtime does not match the zip's manifest.yml (regenerate it after rewriting the manifest)");
  }
  return problems.length ? failed('zip-contents', ...problems) : passed('zip-contents');
}
