import { cp, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exists } from '@bpkit/fs';
import { writeNodeRuntime } from '@bpkit/node-runtime';
import { expect } from 'vitest';
import { type PushedApp, bpkit, pushApp } from './bpkit.ts';
import { testPlatform } from './test-platform.ts';
import { REPO_ROOT } from './workspace.ts';

/**
 * A copy of the buildpack package `buildpacks/<name>` (never the real one; no node_modules, no src) at `dest`,
 * whose manifest (package and build) is `manifest`, with lib/node-runtime rewritten from it when the build has a
 * bootstrap: what `bpkit package` turns into the zips a foundation stages with.
 */
export async function buildpackPackageCopy(name: string, manifest: string, dest: string): Promise<string> {
  const source = join(REPO_ROOT, 'buildpacks', name);
  await cp(source, dest, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => !/\/(node_modules|src)(\/|$)/.test(src.slice(source.length)),
  });
  await writeFile(join(dest, 'manifest.yml'), manifest);
  await writeFile(join(dest, 'build', 'manifest.yml'), manifest);
  if (await exists(join(dest, 'build', 'lib', 'bootstrap.sh'))) await writeNodeRuntime(join(dest, 'build'), manifest);
  return dest;
}

export interface FoundationZip {
  /** The zip `bpkit package` wrote. */
  zip: string;
  /** A fresh platform with no system buildpacks but this zip, registered by create-buildpack, and BPKIT_NODE=none. */
  env: NodeJS.ProcessEnv;
}

/**
 * `bpkit package <pkg>` (cached: with its download cache under `work`) into `work/zips-<label>`, then a fresh
 * platform on which the zip is the only buildpack (create-buildpack) and bootstraps find Node as on CF.
 */
export async function packageForFoundation(pkg: string, options: { cached: boolean; work: string; label: string }): Promise<FoundationZip> {
  const platform = await testPlatform({ only: [] });
  const out = join(options.work, `zips-${options.label}`);
  const cacheArgs = options.cached ? ['--cached', '--cache-dir', join(options.work, `download-cache-${options.label}`)] : [];
  const packaged = await bpkit(['package', pkg, ...cacheArgs, '-o', out], platform.env);
  expect(packaged.code, packaged.stdout + packaged.stderr).toBe(0);
  const zips = (await readdir(out)).filter((f) => f.endsWith('.zip'));
  expect(zips).toHaveLength(1);
  const zip = join(out, zips[0] as string);
  const env = { ...platform.env, BPKIT_NODE: 'none' };
  const created = await bpkit(['create-buildpack', `${options.label}_buildpack`, zip, '1'], env);
  expect(created.code, created.stdout + created.stderr).toBe(0);
  return { zip, env };
}

/** Pushes `args` (app dir first) on a foundation platform, with a bootstrap Node cache no staging has used yet. */
export function pushOnFoundation(foundation: FoundationZip, args: string[], nodeCache: string): Promise<PushedApp> {
  return pushApp([...args, '-e', `BPKIT_NODE_CACHE=${nodeCache}`], foundation.env);
}

/**
 * A push's output as lines the buildpack wrote: ANSI colours removed, and the three spaces `bpkit push` (as the
 * cf CLI) indents staging logs with taken off, so a test can look for one exact line.
 */
export function stagingLines(output: string): string[] {
  // eslint-disable-next-line no-control-regex
  return output.replace(/\x1b\[[0-9;]*m/g, '').split(/\r?\n/).map((l) => (l.startsWith('   ') ? l.slice(3) : l));
}

/** Index of the line equal to `line` (exactly), or of the first line `line` matches; -1 when none. */
export function lineIndex(lines: string[], line: string | RegExp): number {
  return lines.findIndex((l) => (typeof line === 'string' ? l === line : line.test(l)));
}
