import type { Writable } from 'node:stream';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Collect, libraryOptions, RELEASE_WEB, sh, Stage } from '../testing/fixtures.ts';
import { build } from './builder.ts';


let stage: Stage;
beforeEach(async () => {
  stage = await Stage.create();
  await stage.appFile('index.html', 'hi');
});
afterEach(async () => {
  await stage.cleanup();
});

const options = (order: string[], skipDetect: boolean, stdout: Writable, stderr: Writable) =>
  libraryOptions(stage, order, skipDetect, stdout, stderr, { PATH: process.env.PATH ?? '/usr/bin:/bin', ONLY_THIS: '1' });

describe('build() library', () => {
  it('streams script output to the given writers, uses only options.env and returns the metadata', async () => {
    await stage.buildpack('a', {
      supply: sh('echo "supply out"; echo "supply err" >&2; echo "ONLY_THIS=${ONLY_THIS-} HOME=${HOME-unset}"'),
      finalize: sh('echo "finalize out"; mkdir -p "$3/$4/bin"'),
      release: RELEASE_WEB('web'),
    });
    const out = new Collect();
    const err = new Collect();
    const result = await build(options(['a'], true, out, err));
    expect(result.exitCode).toBe(0);
    expect(out.text).toBe('supply out\nONLY_THIS=1 HOME=unset\nfinalize out\n');
    expect(err.text).toBe('supply err\n');
    expect(result.metadata).toEqual({
      lifecycle_metadata: { buildpack_key: 'a', detected_buildpack: '', buildpacks: [{ key: 'a', name: '' }] },
      process_types: { web: 'web' },
      processes: [{ type: 'web', command: 'web' }],
      execution_metadata: '',
      lifecycle_type: 'buildpack',
    });
    expect(stage.dropletEntries()).toContain('./deps/0/bin/');
    expect(await readdir(stage.tmp)).toEqual([]);
  });

  it('never throws for staging failures: prints the message and returns the code', async () => {
    const out = new Collect();
    const err = new Collect();
    const result = await build(options(['missing'], false, out, err));
    expect(result).toEqual({ exitCode: 222 });
    expect(err.text.endsWith('None of the buildpacks detected a compatible application\n')).toBe(true);
  });

  it('with keepCacheInPlace leaves the cache dir as the buildpacks left it and writes no cache archive', async () => {
    await stage.buildpack('final', { supply: sh('mkdir -p "$2/kept" && echo hi > "$2/kept/file"'), finalize: sh('true'), release: RELEASE_WEB('./run') });
    const stdout = new Collect();
    const stderr = new Collect();
    const result = await build({ ...options(['final'], true, stdout, stderr), keepCacheInPlace: true });
    expect(result.exitCode).toBe(0);
    expect(await readdir(join(stage.cache, 'final', 'kept'))).toEqual(['file']);
    expect(await readdir(stage.out)).toEqual(['droplet.tgz', 'result.json']);
  });

  it('with fastDropletCompression still writes a gzip\'d tar droplet with the same entries', async () => {
    await stage.buildpack('final', { supply: sh('true'), finalize: sh('true'), release: RELEASE_WEB('./run') });
    const result = await build({ ...options(['final'], true, new Collect(), new Collect()), fastDropletCompression: true });
    expect(result.exitCode).toBe(0);
    expect(stage.dropletEntries()).toEqual(expect.arrayContaining(['./app/', './app/index.html', './deps/0/', './profile.d/', './staging_info.yml']));
  });

  it('with moveBuildDir takes the build dir into the droplet by rename, files and modes intact', async () => {
    await stage.buildpack('final', { supply: sh('true'), finalize: sh('mkdir -p "$1/bin" && printf "#!/bin/sh\\n" > "$1/bin/run" && chmod 755 "$1/bin/run"'), release: RELEASE_WEB('./bin/run') });
    const result = await build({ ...options(['final'], true, new Collect(), new Collect()), moveBuildDir: true });
    expect(result.exitCode).toBe(0);
    expect(stage.dropletEntries()).toEqual(expect.arrayContaining(['./app/', './app/index.html', './app/bin/run']));
    expect((await stat(join(await stage.extractDroplet(), 'app', 'bin', 'run'))).mode & 0o777).toBe(0o755);
    // Moved, not copied: the build dir is gone.
    await expect(readdir(stage.app)).rejects.toThrow(/ENOENT/);
  });
});
