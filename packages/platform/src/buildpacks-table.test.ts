import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildpacksTable } from './buildpacks-table.ts';
import { Registry } from './registry.ts';
import { buildpackDir, systemBuildpacks } from './testing/registry-fixtures.ts';

const workspace = (): Promise<string> => systemBuildpacks([['binary', 'binary'], ['go', 'go'], ['ruby', 'ruby']], ['ruby']);

/** A real zip, as `cf create-buildpack` uploads one (its file name is what the filename column shows). */
async function zipOf(dir: string, name: string): Promise<string> {
  const zip = join(await mkdtemp(join(tmpdir(), 'zips-')), name);
  execFileSync('zip', ['-qr', zip, '.'], { cwd: dir });
  return zip;
}

describe('buildpacksTable', () => {
  it('prints cf buildpacks\' columns; any-stack buildpacks show an empty stack, stack zips their stack', async () => {
    const r = await Registry.open({ dataDir: await mkdtemp(join(tmpdir(), 'data-')), systemBuildpacksDir: await workspace() });
    await r.create('go_buildpack', await zipOf(await buildpackDir('cflinuxfs5'), 'go_buildpack-cflinuxfs5-v1.0.0.zip'), 3);
    const table = buildpacksTable(await r.list());
    expect(table).toBe(
      [
        'position   name               stack        enabled   locked   state             filename                             lifecycle',
        '1          binary_buildpack                true      false    READY             (workspace build)                    buildpack',
        '2          go_buildpack                    true      false    READY             (workspace build)                    buildpack',
        '3          go_buildpack       cflinuxfs5   true      false    READY             go_buildpack-cflinuxfs5-v1.0.0.zip   buildpack',
        '4          ruby_buildpack                  true      false    AWAITING_UPLOAD                                        buildpack',
        '',
      ].join('\n'),
    );
    expect(buildpacksTable([])).toBe('No buildpacks found\n');
  });

  it('stages with the buildpack of the app\'s stack, else the stackless one (CC\'s lookup)', async () => {
    const r = await Registry.open({ dataDir: await mkdtemp(join(tmpdir(), 'data-')) });
    await r.create('mine', await buildpackDir(), 1);
    await r.create('mine', await buildpackDir('cflinuxfs5'), 1);
    await r.create('fs4_only', await buildpackDir('cflinuxfs4'), 3);
    const listed = await r.list();
    const fs5 = listed.find((b) => b.name === 'mine' && b.stack === 'cflinuxfs5');
    const any = listed.find((b) => b.name === 'mine' && b.stack === null);
    expect((await r.stagingBuildpack('mine', 'cflinuxfs5')).key).toMatch(new RegExp(`^${fs5?.guid}_`));
    expect((await r.stagingBuildpack('mine', 'cflinuxfs4')).key).toMatch(new RegExp(`^${any?.guid}_`));
    expect((await r.detectOrder('cflinuxfs5')).map((b) => b.key.split('_')[0])).toEqual([fs5?.guid, any?.guid]);
    expect((await r.detectOrder('cflinuxfs4')).map((b) => b.name)).toEqual(['mine', 'fs4_only']);
  });
});
