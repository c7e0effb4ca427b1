// bpkit's -outputSbom: the droplet carries its SBOM at .bpkit/, from the install records buildpacks write into
// BPKIT_INSTALL_RECORDS and the app's lockfiles as pushed. Without the flag the droplet is CF's.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cyclonedxValidator, spdxValidator } from '@bpkit/sbom/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RELEASE_WEB, sh, Stage } from '../testing/fixtures.ts';

let stage: Stage;
beforeEach(async () => {
  stage = await Stage.create();
  await stage.appFile('go.mod', 'module example.com/app\n\ngo 1.22\n\nrequire github.com/gorilla/mux v1.8.1\n');
  await stage.appFile('go.sum', 'github.com/gorilla/mux v1.8.1 h1:TuBL49tXwgrFYWhqrNgrUNEY92u81SPhu7sTdzQEiWY=\n');
});
afterEach(async () => {
  await stage.cleanup();
});

const SHA = 'a'.repeat(64);

/** A supply that installs like bpkit's core: a tool into deps/<idx>, a record beside, a build-only tool not kept. */
const RECORDING_SUPPLY = sh(`
  mkdir -p "$3/$4/tool/bin" && echo tool > "$3/$4/tool/bin/tool"
  if [ -n "\${BPKIT_INSTALL_RECORDS:-}" ]; then
    printf '{"name":"tool","version":"1.2.3","sha256":"${SHA}","uri":"https://example.com/tool-1.2.3.tgz","buildpack":"tool","path":"deps/%s/tool"}' "$4" > "$BPKIT_INSTALL_RECORDS/tool-tool-1.2.3.json"
    printf '{"name":"compiler","version":"9.9.9","buildpack":"tool","path":"deps/%s/compiler"}' "$4" > "$BPKIT_INSTALL_RECORDS/tool-compiler-9.9.9.json"
  fi
  echo "records=\${BPKIT_INSTALL_RECORDS:-unset}" > "$3/$4/seen"`);

async function toolBuildpack(): Promise<void> {
  await stage.buildpack('tool_buildpack', {
    detect: sh('echo tool'),
    supply: RECORDING_SUPPLY,
    finalize: sh('exit 0'),
    release: RELEASE_WEB('./app'),
  });
}

describe('builder -outputSbom', () => {
  it('writes both SBOMs and the records into the droplet at .bpkit/, and copies the SBOMs out', async () => {
    await toolBuildpack();
    const out = join(stage.root, 'sbom-out');
    const r = await stage.builder(['tool_buildpack'], true, { VCAP_APPLICATION: '{"name":"my-app","application_id":"guid-1"}', CF_STACK: 'cflinuxfs4' }, [`-outputSbom=${out}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(stage.dropletEntries()).toEqual(
      expect.arrayContaining(['./.bpkit/sbom.cdx.json', './.bpkit/sbom.spdx.json', './.bpkit/installed/tool-tool-1.2.3.json']),
    );
    const cdxText = stage.dropletFile('./.bpkit/sbom.cdx.json');
    expect(await readFile(join(out, 'sbom.cdx.json'), 'utf8')).toBe(cdxText);
    expect(await readFile(join(out, 'sbom.spdx.json'), 'utf8')).toBe(stage.dropletFile('./.bpkit/sbom.spdx.json'));

    const cdx = JSON.parse(cdxText) as { metadata: { component: { name: string } }; components: Array<{ name: string; version: string; hashes?: Array<{ content: string }>; properties?: Array<{ name: string; value: string }> }> };
    expect(cdx.metadata.component.name).toBe('my-app');
    const tool = cdx.components.find((c) => c.name === 'tool');
    expect(tool).toMatchObject({ version: '1.2.3', hashes: [{ content: SHA }] });
    expect(JSON.stringify(tool?.properties)).toContain('deps/0/tool');
    // Recorded, but the droplet does not hold it: listed as used to build.
    expect(JSON.stringify(cdx.components.find((c) => c.name === 'compiler'))).toContain('used to build, not in the droplet');
    expect(cdx.components.find((c) => c.name === 'github.com/gorilla/mux')).toMatchObject({ version: 'v1.8.1' });

    const validCdx = await cyclonedxValidator();
    expect(validCdx(cdx), JSON.stringify(validCdx.errors)).toBe(true);
    const validSpdx = await spdxValidator();
    const spdxDoc: unknown = JSON.parse(stage.dropletFile('./.bpkit/sbom.spdx.json'));
    expect(validSpdx(spdxDoc), JSON.stringify(validSpdx.errors)).toBe(true);
    // The records' dir lives beside the contents dir and goes with it.
    expect(stage.dropletFile('./deps/0/seen')).toMatch(/^records=\/.*-installed\n$/);
  });

  it('absent: the droplet is CF\'s (no .bpkit/) and buildpacks see no BPKIT_INSTALL_RECORDS', async () => {
    await toolBuildpack();
    const r = await stage.builder(['tool_buildpack'], true);
    expect(r.code).toBe(0);
    expect(stage.dropletEntries().filter((e) => e.includes('.bpkit'))).toEqual([]);
    expect(stage.dropletFile('./deps/0/seen')).toBe('records=unset\n');
  });
});
