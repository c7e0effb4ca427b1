// Test fixtures for the buildpack registry: an admin buildpack directory, and a workspace of system buildpacks.
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A buildpack that always detects, for `create-buildpack`; `stack` makes it a stack-specific one. */
export async function buildpackDir(stack?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bp-'));
  await mkdir(join(dir, 'bin'));
  await writeFile(join(dir, 'bin', 'detect'), '#!/bin/sh\nexit 0\n');
  await chmod(join(dir, 'bin', 'detect'), 0o755);
  await writeFile(join(dir, 'manifest.yml'), `language: x\n${stack ? `stack: ${stack}\n` : ''}`);
  return dir;
}

/** A workspace like `buildpacks/`: one directory per [dir, language], built (`build/bin`) unless `unbuilt` names it. */
export async function systemBuildpacks(buildpacks: ReadonlyArray<readonly [string, string]>, unbuilt: readonly string[] = []): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ws-'));
  for (const [pkg, language] of buildpacks) {
    await mkdir(join(dir, pkg, ...(unbuilt.includes(pkg) ? [] : ['build', 'bin'])), { recursive: true });
    await writeFile(join(dir, pkg, 'manifest.yml'), `language: ${language}\n`);
  }
  return dir;
}
