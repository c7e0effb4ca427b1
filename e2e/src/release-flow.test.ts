import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './workspace.ts';

describe('release flow with changesets', () => {
  it('`pnpm version-packages` after a changeset bumps package.json, VERSION and CHANGELOG.md together', async () => {
    const ws = await mkdtemp(join(tmpdir(), 'bpkit-release-'));
    for (const f of ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json']) {
      await cp(join(REPO_ROOT, f), join(ws, f), { recursive: true });
    }
    await mkdir(join(ws, 'buildpacks', 'binary'), { recursive: true });
    for (const f of ['package.json', 'VERSION', 'manifest.yml']) {
      await cp(join(REPO_ROOT, 'buildpacks', 'binary', f), join(ws, 'buildpacks', 'binary', f));
    }
    const before = JSON.parse(await readFile(join(ws, 'buildpacks', 'binary', 'package.json'), 'utf8')).version as string;
    const [major, minor] = before.split('.').map(Number);
    await writeFile(
      join(ws, '.changeset', 'brave-cats-sing.md'),
      '---\n"@bpkit/binary-buildpack": minor\n---\n\nRelease output names the start command it expects.\n',
    );
    execFileSync('git', ['init', '-q'], { cwd: ws });
    const changeset = join(REPO_ROOT, 'node_modules', '@changesets', 'cli', 'bin.js');
    execFileSync(process.execPath, [changeset, 'version'], { cwd: ws, stdio: 'pipe' });
    execFileSync(process.execPath, [join(REPO_ROOT, 'tooling', 'scripts', 'sync-buildpack-versions.mjs'), ws], { stdio: 'pipe' });

    const expected = `${major}.${(minor ?? 0) + 1}.0`;
    const pkg = JSON.parse(await readFile(join(ws, 'buildpacks', 'binary', 'package.json'), 'utf8'));
    expect(pkg.version).toBe(expected);
    expect((await readFile(join(ws, 'buildpacks', 'binary', 'VERSION'), 'utf8')).trim()).toBe(expected);
    const changelog = await readFile(join(ws, 'buildpacks', 'binary', 'CHANGELOG.md'), 'utf8');
    expect(changelog).toContain(`## ${expected}`);
    expect(changelog).toContain('Release output names the start command it expects.');
  });
});
