import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readYamlFile } from './read-yaml-file.ts';

describe('readYamlFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bpkit-yaml-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('parses the file', async () => {
    await writeFile(join(dir, 'buildpack.yml'), 'go:\n  ldflags:\n    main.version: 2\n');
    expect(await readYamlFile(join(dir, 'buildpack.yml'))).toEqual({ go: { ldflags: { 'main.version': 2 } } });
  });

  it('is undefined for a file that is missing or not a file', async () => {
    expect(await readYamlFile(join(dir, 'missing.yml'))).toBeUndefined();
    expect(await readYamlFile(dir)).toBeUndefined();
  });

  it("throws js-yaml's error for a file that is not YAML", async () => {
    await writeFile(join(dir, 'bad.yml'), 'go: [unclosed\n');
    await expect(readYamlFile(join(dir, 'bad.yml'))).rejects.toThrow(/\(2:1\)/);
  });
});
