import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { nodeRuntimeScript, writeNodeRuntime } from './node-runtime-script.ts';
import { nodeRuntimeEntries } from './node-runtime.ts';

const sha = (c: string) => c.repeat(64);
const dep = (version: string, stacks: string[] | null, extra = '') =>
  `- name: node\n  version: ${version}\n  uri: https://buildpacks.example.com/node/node_${version}_${stacks?.[0] ?? 'x'}.tgz\n` +
  `  sha256: ${sha(version.endsWith('0') ? 'a' : 'b')}\n` +
  (stacks ? `  cf_stacks:\n${stacks.map((s) => `  - ${s}\n`).join('')}` : '') +
  extra;

describe('nodeRuntimeEntries', () => {
  it('picks the highest version matching default_versions, per stack', () => {
    const manifest =
      '---\nlanguage: binary\ndefault_versions:\n- name: go\n  version: 1.23.x\n- name: node\n  version: 22.x\ndependencies:\n' +
      dep('22.9.1', ['cflinuxfs4']) +
      dep('22.10.0', ['cflinuxfs4']) +
      dep('24.1.0', ['cflinuxfs4']) +
      dep('22.2.0', ['cflinuxfs5']) +
      '- name: go\n  version: 1.23.4\n  uri: https://x/go.tgz\n  sha256: ' + sha('c') + '\n  cf_stacks: [cflinuxfs4]\n';
    expect(nodeRuntimeEntries(manifest)).toEqual([
      { stack: 'cflinuxfs4', version: '22.10.0', uri: 'https://buildpacks.example.com/node/node_22.10.0_cflinuxfs4.tgz', sha256: sha('a'), file: '', reason: 'the manifest default: 22.x (the Node.js that runs this buildpack)' },
      { stack: 'cflinuxfs5', version: '22.2.0', uri: 'https://buildpacks.example.com/node/node_22.2.0_cflinuxfs5.tgz', sha256: sha('a'), file: '', reason: 'the manifest default: 22.x (the Node.js that runs this buildpack)' },
    ]);
  });

  it('reads default_versions as the core does: exact, 22.x and 22.*.* forms', () => {
    const nodes = dep('22.9.1', ['cflinuxfs4']) + dep('22.10.0', ['cflinuxfs4']) + dep('24.1.0', ['cflinuxfs4']);
    const picked = (constraint: string) =>
      nodeRuntimeEntries(`default_versions:\n- name: node\n  version: ${constraint}\ndependencies:\n${nodes}`).map((e) => e.version);
    expect(picked('22.9.1')).toEqual(['22.9.1']);
    expect(picked('22.*.*')).toEqual(['22.10.0']);
    expect(picked('24.x')).toEqual(['24.1.0']);
  });

  it('without a default takes the highest version; keeps file: of cached buildpacks', () => {
    const manifest = 'dependencies:\n' + dep('20.1.1', ['cflinuxfs4']) + dep('22.0.1', ['cflinuxfs4'], '  file: dependencies/abc/node_22.0.1.tgz\n');
    expect(nodeRuntimeEntries(manifest)).toEqual([
      expect.objectContaining({ version: '22.0.1', file: 'dependencies/abc/node_22.0.1.tgz' }),
    ]);
  });

  it('a stack-specific manifest (cf_stacks removed, stack set) applies its entries to that stack', () => {
    const manifest = 'stack: cflinuxfs4\ndependencies:\n' + dep('22.1.1', null);
    expect(nodeRuntimeEntries(manifest).map((e) => e.stack)).toEqual(['cflinuxfs4']);
  });

  it('no node dependency: no entries; a default that matches nothing is an error', () => {
    expect(nodeRuntimeEntries('language: binary\ndependencies: []\n')).toEqual([]);
    expect(() => nodeRuntimeEntries('default_versions:\n- name: node\n  version: 18.x\ndependencies:\n' + dep('22.1.0', ['cflinuxfs4']))).toThrow(
      /matches no node dependency for stack cflinuxfs4/,
    );
    expect(() => nodeRuntimeEntries('dependencies:\n- name: node\n  version: 22.1.0\n  uri: x\n  sha256: nothex\n  cf_stacks: [s]\n')).toThrow(/malformed sha256/);
  });
});

describe('nodeRuntimeScript / writeNodeRuntime', () => {
  it('is sourceable by sh and answers per stack', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bpkit-runtime-'));
    try {
      const manifest = 'dependencies:\n' + dep('22.1.0', ['cflinuxfs4'], "  file: \"dependencies/it's/n.tgz\"\n");
      await writeNodeRuntime(dir, manifest);
      const text = await readFile(join(dir, 'lib/node-runtime'), 'utf8');
      expect(text).toBe(nodeRuntimeScript(manifest));
      const probe = `. "$1/lib/node-runtime"; bpkit_node_runtime cflinuxfs4 && printf '%s|%s|%s|%s|%s|%s\\n' "$node_version" "$node_uri" "$node_sha256" "$node_file" "$bpkit_node_runtime_stacks" "$node_reason"; bpkit_node_runtime other || echo none`;
      const { stdout } = await promisify(execFile)('sh', ['-c', probe, 'sh', dir]);
      expect(stdout).toBe(
        `22.1.0|https://buildpacks.example.com/node/node_22.1.0_cflinuxfs4.tgz|${sha('a')}|dependencies/it's/n.tgz|cflinuxfs4|the manifest default: latest (the Node.js that runs this buildpack)\nnone\n`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
