import { join } from 'node:path';
import { nodeRuntimeEntries } from '@bpkit/node-runtime';
import { exists } from '@bpkit/fs';
import { type KitEnvironment, scratchDir, scriptEnvironment } from '../kit-environment.ts';
import { runBin, tail } from '../run-script.ts';
import { stagingLayout } from '../staging-layout.ts';
import { type RuleResult, failed, passed, skipped } from '../violation.ts';
import { extractZip } from '../zip-archive.ts';
import { readZipBuildpack } from '../zip-buildpack.ts';

export interface BootstrapOptions {
  /** The requests the dependency server has seen, to prove a cached zip stays offline. */
  requests?: () => readonly { path: string }[];
}

const HEADER = /^-----> .+ Buildpack version \S+$/m;

/**
 * [bootstrap-no-node] The zip's bin/supply starts with no node anywhere (stack PATH, BPKIT_NODE unset,
 * an empty runtime cache), as on a CF stack: a cached zip runs the Node it holds unpacked at vendor/node (no
 * install step, no request leaves the machine), an uncached one downloads the manifest's node entry (`Download [`).
 * Proof that Node ran: the core's "<Language> Buildpack version" header. Supply runs on an empty app,
 * so a later clean **ERROR** from the buildpack itself is fine.
 */
export async function bootstrapWithoutNode(zipPath: string, kit: KitEnvironment, options: BootstrapOptions = {}): Promise<RuleResult> {
  const zip = await readZipBuildpack(zipPath);
  if (!zip.entries.some((e) => e.name === 'lib/bootstrap.sh')) {
    return skipped('bootstrap-no-node', 'the zip has no lib/bootstrap.sh: its scripts do not run on the bpkit Node bootstrap');
  }
  let stacks: string[];
  try {
    stacks = nodeRuntimeEntries(zip.manifestText ?? '').map((e) => e.stack);
  } catch (error) {
    return failed('bootstrap-no-node', `no node runtime in the zip's manifest: ${(error as Error).message}`);
  }
  if (stacks.length === 0) return failed('bootstrap-no-node', "the zip's manifest has no node entry for the bootstrap");
  if (await exists(join(kit.stackPath, 'node'))) {
    return failed('bootstrap-no-node', `the kit's stack PATH ${kit.stackPath} has node: cannot check`);
  }

  const bpDir = await scratchDir(kit, 'bootstrap-zip');
  await extractZip(zipPath, bpDir);
  const problems: string[] = [];
  for (const stack of stacks) {
    const layout = await stagingLayout(kit, 'bootstrap');
    const before = options.requests?.().length ?? 0;
    const env = scriptEnvironment({ ...kit, stack }, layout.home, { BPKIT_NODE: undefined, BPKIT_NODE_CACHE: join(layout.home, 'node-cache') });
    const run = await runBin(bpDir, 'supply', [layout.buildDir, layout.ownCacheDir, layout.depsDir, layout.depsIdx], env);
    const out = `${run.stdout}${run.stderr}`;
    const kind = zip.cached ? 'cached' : 'uncached';
    if (!HEADER.test(run.stdout)) {
      problems.push(`${kind} zip on ${stack}: bin/supply did not get Node running (no "Buildpack version" header), exit ${run.code}:\n       ${tail(run)}`);
      continue;
    }
    const requests = (options.requests?.().length ?? 0) - before;
    if (zip.cached) {
      if (out.includes('Installing bootstrap Node.js') || out.includes('Download [')) {
        problems.push(`cached zip on ${stack}: the bootstrap must run the Node vendored unpacked, not install one:\n       ${tail(run)}`);
      }
      if (requests > 0) problems.push(`cached zip on ${stack}: ${requests} request(s) to the dependency server during supply; a cached buildpack stages offline`);
    } else if (!out.includes('Download [')) {
      problems.push(`uncached zip on ${stack}: expected the bootstrap to download the manifest's node:\n       ${tail(run)}`);
    }
  }
  return problems.length ? failed('bootstrap-no-node', ...problems) : passed('bootstrap-no-node');
}
