import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageAll, releaseTable } from './package-all.ts';
import { captureLogger, tempDir, writeTree } from './test-support.ts';

async function workspacePackage(ws: string, name: string, built = true): Promise<void> {
  const manifest = `language: ${name}\ndependencies: []\n`;
  await writeTree(join(ws, name), { 'package.json': '{}', 'manifest.yml': manifest, VERSION: '2.0.0' });
  if (built) await writeTree(join(ws, name, 'build'), { 'bin/detect': '#!/bin/sh\nexit 1\n', 'manifest.yml': manifest, VERSION: '2.0.0' });
}

describe('packageAll', () => {
  it('writes every workspace buildpack\'s zips and a SHA256SUMS that sha256sum -c accepts', async () => {
    const ws = await tempDir();
    await workspacePackage(ws, 'alpha');
    await workspacePackage(ws, 'beta');
    await writeTree(ws, { 'notes/readme.txt': 'not a buildpack' });
    const out = join(await tempDir(), 'out');
    const seen: string[] = [];
    const result = await packageAll({ workspaceDir: ws, outDir: out, kinds: ['uncached', 'cached'], cacheDir: await tempDir(), log: captureLogger().log, onZip: (z) => seen.push(z.fileName) });
    expect(seen).toEqual(['alpha_buildpack-v2.0.0.zip', 'alpha_buildpack-cached-v2.0.0.zip', 'beta_buildpack-v2.0.0.zip', 'beta_buildpack-cached-v2.0.0.zip']);
    const sums = await readFile(result.sha256sums, 'utf8');
    expect(sums.trim().split('\n').map((l) => l.split('  ')[1])).toEqual([...seen].sort());
    const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
    expect(check.status).toBe(0);
    expect(releaseTable(result.zips)).toContain(`| alpha_buildpack-cached-v2.0.0.zip | cached | any |`);
  });

  it('validates every buildpack before writing the first zip', async () => {
    const ws = await tempDir();
    await workspacePackage(ws, 'alpha');
    await workspacePackage(ws, 'beta');
    for (const dir of [join(ws, 'beta'), join(ws, 'beta', 'build')]) {
      await writeTree(dir, { 'manifest.yml': 'language: beta\ndependencies: []\ninclude_files:\n- README.md\n' });
    }
    const out = join(await tempDir(), 'out');
    await expect(packageAll({ workspaceDir: ws, outDir: out })).rejects.toThrow(`failed to open included_file: ${join(ws, 'beta', 'build', 'README.md')}`);
    expect(spawnSync('ls', [out]).status).not.toBe(0);
  });

  it('refuses before writing anything when a workspace buildpack is not built', async () => {
    const ws = await tempDir();
    await workspacePackage(ws, 'alpha');
    await workspacePackage(ws, 'beta', false);
    const out = join(await tempDir(), 'out');
    await expect(packageAll({ workspaceDir: ws, outDir: out })).rejects.toThrow('Buildpack beta is not built');
    expect(spawnSync('ls', [out]).status).not.toBe(0);
  });
});
