import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeRuntimeEntries } from '@bpkit/node-runtime';
import { exists } from '@bpkit/fs';
import { parseManifest } from '@bpkit/manifest';
import { type RuleResult, failed, passed } from '../violation.ts';

const LANGUAGE = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * [manifest-valid] manifest.yml parses the way libbuildpack and the packager read it (every problem is
 * listed: missing sha256, malformed entries, bad defaults), its `language` can name a zip, VERSION is
 * one line, and, when the buildpack runs its phases on the bpkit bootstrap (lib/bootstrap.sh), the
 * manifest has a `node` entry for it on every stack it lists: without one, an uncached buildpack
 * cannot start on that stack.
 */
export async function manifestValid(bpDir: string): Promise<RuleResult> {
  const file = join(bpDir, 'manifest.yml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return failed('manifest-valid', 'manifest.yml is missing');
  }
  const problems: string[] = [];
  let stacks: string[] = [];
  try {
    const data = parseManifest(text, { file: 'manifest.yml' });
    if (!LANGUAGE.test(data.language)) problems.push(`language ${JSON.stringify(data.language)} must match ${LANGUAGE} (it names the zip and config.yml)`);
    stacks = data.stack ? [data.stack] : [...new Set(data.dependencies.flatMap((d) => d.cf_stacks ?? []))].sort();
  } catch (error) {
    problems.push(...(error as Error).message.split('\n').filter((l) => l.trim() !== ''));
  }

  const version = await readFile(join(bpDir, 'VERSION'), 'utf8').catch(() => undefined);
  if (version === undefined) problems.push('VERSION is missing');
  else if (!/^\S+\n?$/.test(version)) problems.push(`VERSION must be one version string, is ${JSON.stringify(version.slice(0, 40))}`);

  const bootstrapped = await exists(join(bpDir, 'lib', 'bootstrap.sh'));
  if (bootstrapped && problems.length === 0) {
    try {
      const runtimes = new Set(nodeRuntimeEntries(text).map((e) => e.stack));
      for (const stack of stacks) {
        if (!runtimes.has(stack)) problems.push(`no node entry for the bootstrap on stack ${stack}, which the manifest lists`);
      }
      if (runtimes.size === 0) problems.push('no node entry for the bootstrap (lib/bootstrap.sh): copy the one in buildpacks/binary/manifest.yml');
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return problems.length ? failed('manifest-valid', ...problems) : passed('manifest-valid');
}
