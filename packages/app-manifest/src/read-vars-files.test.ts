import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManifestError, readVarsFiles } from './index.ts';
import { type TempFiles, makeTempFiles } from './temp-files.ts';

describe('readVarsFiles', () => {
  let tmp: TempFiles;
  beforeEach(async () => {
    tmp = await makeTempFiles();
  });
  afterEach(() => tmp.remove());

  it('merges files in order, a later file winning, and keeps YAML types', async () => {
    await tmp.write({
      'base.yml': 'instances: 2\nmemory: 1G\nroutes:\n- route: a.example.com\nversion: "1.10"\n',
      'prod.yml': 'instances: 4\nflag: yes\n',
      'empty.yml': '# nothing here\n',
    });
    const vars = await readVarsFiles(['base.yml', 'empty.yml', 'prod.yml'].map((name) => join(tmp.dir, name)));
    expect(vars).toEqual({ instances: 4, memory: '1G', routes: [{ route: 'a.example.com' }], version: '1.10', flag: true });
  });

  it('reads no files as no variables', async () => {
    expect(await readVarsFiles([])).toEqual({});
  });

  it("refuses a missing file with cf's path-flag error", async () => {
    await expect(readVarsFiles(['no/such/vars.yml'])).rejects.toThrow(
      new ManifestError("Incorrect Usage: The specified path 'no/such/vars.yml' does not exist."),
    );
  });

  it('refuses a file that is not a YAML map in cf words', async () => {
    await tmp.write({ 'broken.yml': 'a: [1\n', 'list.yml': '- a\n- b\n' });
    await expect(readVarsFiles([join(tmp.dir, 'broken.yml')])).rejects.toThrow(/^The option --vars-file expects a valid YAML file\. yaml: line \d+: /);
    await expect(readVarsFiles([join(tmp.dir, 'list.yml')])).rejects.toThrow(
      new ManifestError('The option --vars-file expects a valid YAML file. yaml: unmarshal errors:\n  cannot unmarshal !!seq into template.StaticVariables'),
    );
  });
});
