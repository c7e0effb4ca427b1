import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildpackDirName, cacheDirName, legacyBuildpackDirName } from '../buildpack-bits/buildpack-dir.ts';
import { makeZip, RELEASE_WEB, sh, Stage, tarList } from '../testing/fixtures.ts';

let stage: Stage;
beforeEach(async () => {
  stage = await Stage.create();
  await stage.appFile('index.html', 'hello');
});
afterEach(async () => {
  await stage.cleanup();
});

/** A supply script that records its arguments and leaves a tool and config.yml in deps/<idx>. */
const RECORDING_SUPPLY = (name: string): string =>
  sh(`echo "supply ${name} args=$#"
mkdir -p "$3/$4/bin"
echo "$@" > "$3/$4/supply-args"
printf '#!/bin/sh\\necho tool\\n' > "$3/$4/bin/${name}-tool"
printf 'name: ${name}\\nversion: 1.2.3\\n' > "$3/$4/config.yml"
echo "cached ${name}" > "$2/${name}.txt"`);

describe('builder: detect', () => {
  it('runs detect in order; the first to exit 0 wins and its trimmed stdout names the buildpack', async () => {
    await stage.buildpack('never', { detect: sh('echo never-out; echo never-err >&2; exit 1') });
    await stage.buildpack('always', {
      detect: sh('printf "Always Detects\\r\\n\\n"; echo detect-stderr >&2'),
      compile: sh('echo "compile args=$# $1 $2"; echo built > "$1/built.txt"; echo kept > "$2/compiled.txt"'),
      release: RELEASE_WEB('./run && echo <ok>'),
    });
    await stage.buildpack('later', { detect: sh('echo Later'), compile: sh('exit 9') });

    const r = await stage.builder(['never', 'always', 'later'], false);

    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`compile args=2 ${stage.app} ${join(stage.cache, 'final')}\n`);
    expect(r.stderr).toBe('never-err\ndetect-stderr\n');
    expect(await stage.resultJson()).toBe(
      '{"lifecycle_metadata":{"buildpack_key":"always","detected_buildpack":"Always Detects","buildpacks":[{"key":"always","name":"Always Detects"}]},' +
        '"process_types":{"web":"./run \\u0026\\u0026 echo \\u003cok\\u003e"},"processes":[{"type":"web","command":"./run \\u0026\\u0026 echo \\u003cok\\u003e"}],' +
        '"execution_metadata":"","lifecycle_type":"buildpack"}\n',
    );
    // compile-only final buildpack: its deps/0 is removed, deps/ stays.
    expect(stage.dropletEntries()).toEqual(
      ['./', './app/', './app/built.txt', './app/index.html', './deps/', './logs/', './profile.d/', './staging_info.yml', './tmp/'].sort(),
    );
    expect(stage.dropletFile('./staging_info.yml')).toBe(
      '{"detected_buildpack":"Always Detects","start_command":"./run \\u0026\\u0026 echo \\u003cok\\u003e"}\n',
    );
    expect(tarList(stage.outputCache)).toEqual(['./', './final/', './final/compiled.txt']);
  });

  it('exits 222 with CF message when nothing detects', async () => {
    await stage.buildpack('a', { detect: sh('exit 1') });
    await stage.buildpack('b', { detect: sh('echo b-out; exit 2') });
    const r = await stage.builder(['a', 'b'], false);
    expect(r.code).toBe(222);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('None of the buildpacks detected a compatible application\n');
    expect(existsSync(stage.result)).toBe(false);
    expect(existsSync(stage.droplet)).toBe(false);
  });

  it('warns on stdout about a non-executable detect and treats it as no match', async () => {
    await stage.buildpack('noexec', { detect: sh('echo should-not-run') }, { mode: 0o644 });
    const r = await stage.builder(['noexec'], false);
    expect(r.code).toBe(222);
    expect(r.stdout).toBe("WARNING: buildpack script '/bin/detect' is not executable\n");
    expect(r.stderr).toBe('None of the buildpacks detected a compatible application\n');
  });

  it('prints lookup errors and keeps walking the order', async () => {
    await stage.buildpack('ok', { detect: sh('echo OK'), compile: sh('true'), release: RELEASE_WEB('web') });
    await mkdir(join(stage.buildpacks, buildpackDirName('malformed'), 'not-bin'), { recursive: true });
    await mkdir(join(stage.buildpacks, buildpackDirName('malformed'), 'other'), { recursive: true });
    await stage.buildpack('nodetect', { compile: sh('true') });
    const r = await stage.builder(['missing', 'malformed', 'nodetect', 'ok'], false);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `Failed to read buildpack directory '${join(stage.buildpacks, buildpackDirName('missing'))}' for buildpack 'missing'\n` +
        'malformed buildpack does not contain a /bin dir: malformed\n' +
        `stat ${join(stage.buildpacks, buildpackDirName('nodetect'), 'bin', 'detect')}: no such file or directory\n`,
    );
  });

  it('finds legacy md5 directories and a single nested buildpack dir (zip with a top-level folder)', async () => {
    await stage.buildpack('legacy', { detect: sh('exit 1') }, { dir: join(stage.buildpacks, legacyBuildpackDirName('legacy')) });
    await stage.buildpack(
      'nested',
      { detect: sh('echo Nested'), compile: sh('true'), release: RELEASE_WEB('nested-web') },
      { dir: join(stage.buildpacks, buildpackDirName('nested'), 'nested-buildpack-v1') },
    );
    const r = await stage.builder(['legacy', 'nested'], false);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(await stage.resultJson()).process_types).toEqual({ web: 'nested-web' });
  });

  it('in detect mode names the buildpack from config.yml, falling back to detect output', async () => {
    await stage.buildpack('cfg', {
      detect: sh('echo from-detect'),
      supply: sh('printf "name: from-config\\nversion: 9.9\\nconfig:\\n  entrypoint_prefix: env X=1 bash -c\\n" > "$3/$4/config.yml"'),
      finalize: sh('echo "finalize args=$#"'),
      release: RELEASE_WEB('web-cmd'),
    });
    const r = await stage.builder(['cfg'], false);
    expect(r.code).toBe(0);
    expect(await stage.resultJson()).toBe(
      '{"lifecycle_metadata":{"buildpack_key":"cfg","detected_buildpack":"from-config","buildpacks":[{"key":"cfg","name":"from-config","version":"9.9","config":{"entrypoint_prefix":"env X=1 bash -c"}}]},' +
        '"process_types":{"web":"web-cmd"},"processes":[{"type":"web","command":"web-cmd"}],"execution_metadata":"","lifecycle_type":"buildpack"}\n',
    );
    expect(stage.dropletFile('./staging_info.yml')).toBe(
      '{"detected_buildpack":"from-config","start_command":"web-cmd","config":{"entrypoint_prefix":"env X=1 bash -c"}}\n',
    );
    expect(r.stdout).toBe('finalize args=5\n');
  });
});

describe('builder: skip-detect (multi-buildpack)', () => {
  it('supplies, finalizes with the profile dir, merges config.yml metadata and keeps deps in the droplet', async () => {
    await stage.buildpack('first', { supply: RECORDING_SUPPLY('first'), detect: sh('exit 1') });
    await stage.buildpack('final', {
      supply: sh('echo "final supply args=$#"; mkdir -p "$3/$4/lib"'),
      finalize: sh('echo "finalize args=$# idx=$4 cache=$2"; test "$5" = "$(dirname "$3")/profile.d" && echo "export FROM_FINALIZE=1" > "$5/finalize.sh"; echo "f" > "$2/final.txt"'),
      release: RELEASE_WEB('final-web'),
    });
    await mkdir(join(stage.cache, 'stale-entry'), { recursive: true });
    await writeFile(join(stage.cache, 'stale-file'), 'x');

    const r = await stage.builder(['first', 'final'], true);

    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`supply first args=4\nfinal supply args=4\nfinalize args=5 idx=1 cache=${join(stage.cache, 'final')}\n`);
    expect(await stage.resultJson()).toBe(
      '{"lifecycle_metadata":{"buildpack_key":"final","detected_buildpack":"","buildpacks":[{"key":"first","name":"first","version":"1.2.3"},{"key":"final","name":""}]},' +
        '"process_types":{"web":"final-web"},"processes":[{"type":"web","command":"final-web"}],"execution_metadata":"","lifecycle_type":"buildpack"}\n',
    );
    expect(stage.dropletEntries()).toEqual(
      [
        './',
        './app/',
        './app/index.html',
        './deps/',
        './deps/0/',
        './deps/0/bin/',
        './deps/0/bin/first-tool',
        './deps/0/config.yml',
        './deps/0/supply-args',
        './deps/1/',
        './deps/1/lib/',
        './logs/',
        './profile.d/',
        './profile.d/finalize.sh',
        './staging_info.yml',
        './tmp/',
      ].sort(),
    );
    const supplyArgs = stage.dropletFile('./deps/0/supply-args').trim().split(' ');
    expect(supplyArgs[0]).toBe(stage.app);
    expect(supplyArgs[1]).toBe(join(stage.cache, cacheDirName('first')));
    expect(supplyArgs[2]).toMatch(new RegExp(`^${stage.tmp}/contents\\d+/deps$`));
    expect(supplyArgs[3]).toBe('0');
    // Stale cache entries are dropped; final/ and the supply buildpack's xxhash dir are kept.
    expect(tarList(stage.outputCache)).toEqual(
      ['./', './final/', './final/final.txt', `./${cacheDirName('first')}/`, `./${cacheDirName('first')}/first.txt`].sort(),
    );
    // The staging contents dir is removed afterwards.
    expect(existsSync(supplyArgs[2] as string)).toBe(false);
  });

  it('refuses (225) before running anything when a supply buildpack has no bin/supply', async () => {
    await stage.buildpack('good', { supply: sh('echo ran > "$1/ran-good"') });
    await stage.buildpack('nosupply', { compile: sh('true') });
    await stage.buildpack('final', { finalize: sh('echo ran > "$1/ran-final"'), release: RELEASE_WEB('x') });
    const r = await stage.builder(['good', 'nosupply', 'final'], true);
    expect(r.code).toBe(225);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Error: one of the buildpacks chosen to supply dependencies does not support multi-buildpack apps\n');
    expect(existsSync(join(stage.app, 'ran-good'))).toBe(false);
    expect(existsSync(stage.result)).toBe(false);
  });

  it('exits 225 when a supply script fails', async () => {
    await stage.buildpack('bad', { supply: sh('echo partial; echo broke >&2; exit 3') });
    await stage.buildpack('final', { finalize: sh('true'), release: RELEASE_WEB('x') });
    const r = await stage.builder(['bad', 'final'], true);
    expect(r.code).toBe(225);
    expect(r.stdout).toBe('partial\n');
    expect(r.stderr).toBe('broke\nFailed to run all supply scripts: exit status 3\n');
  });

  it('exits 225 (printed twice, as CF does) when a supply buildpack is missing', async () => {
    await stage.buildpack('final', { finalize: sh('true'), release: RELEASE_WEB('x') });
    const r = await stage.builder(['gone', 'final'], true);
    const msg = `Failed to read buildpack directory '${join(stage.buildpacks, buildpackDirName('gone'))}' for buildpack 'gone'`;
    expect(r.code).toBe(225);
    expect(r.stderr).toBe(`${msg}\nFailed to run all supply scripts: ${msg}\n`);
  });

  it('a single -b also skips detect; a compile-only final after supply warns, drops its deps dir and gets 2 args', async () => {
    await stage.buildpack('sup', { supply: RECORDING_SUPPLY('sup') });
    await stage.buildpack('old', { detect: sh('exit 1'), compile: sh('echo "compile args=$#"'), release: RELEASE_WEB('old-web') });
    const r = await stage.builder(['sup', 'old'], true);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'Warning: the last buildpack is not compatible with multi-buildpack apps and cannot make use of any dependencies supplied by the buildpacks specified before it\n',
    );
    expect(r.stdout).toBe('supply sup args=4\ncompile args=2\n');
    const entries = stage.dropletEntries();
    expect(entries).toContain('./deps/0/');
    expect(entries.some((e) => e.startsWith('./deps/1'))).toBe(false);

    const single = await Stage.create();
    try {
      await single.buildpack('only', { detect: sh('exit 1'), compile: sh('echo compiled'), release: RELEASE_WEB('w') });
      const s = await single.builder(['only'], true);
      expect(s.code).toBe(0);
      expect(s.stderr).toBe('');
      expect(s.stdout).toBe('compiled\n');
    } finally {
      await single.cleanup();
    }
  });

  it('wraps every final-step failure as 223 and still writes result.json with the metadata', async () => {
    await stage.buildpack('sup', { supply: RECORDING_SUPPLY('sup') });
    await stage.buildpack('final', { supply: sh('true'), finalize: sh('echo nope >&2; exit 1'), release: RELEASE_WEB('x') });
    const r = await stage.builder(['sup', 'final'], true);
    expect(r.code).toBe(223);
    expect(r.stderr).toBe('nope\nFailed to compile droplet: Failed to run finalize script: exit status 1\n');
    expect(await stage.resultJson()).toBe(
      '{"lifecycle_type":"buildpack","lifecycle_metadata":{"buildpack_key":"final","detected_buildpack":"","buildpacks":[{"key":"sup","name":"sup","version":"1.2.3"},{"key":"final","name":""}]},"process_types":null,"execution_metadata":""}\n',
    );

    const failingSupply = await Stage.create();
    try {
      await failingSupply.buildpack('final', { supply: sh('exit 4'), finalize: sh('true') });
      const s = await failingSupply.builder(['final'], true);
      expect(s.code).toBe(223);
      expect(s.stderr).toBe('Failed to compile droplet: Failed to run all supply scripts: exit status 4\n');
      await failingSupply.buildpack('compile', { compile: sh('exit 5') });
      const c = await failingSupply.builder(['compile'], true);
      expect(c.code).toBe(223);
      expect(c.stderr).toBe('Failed to compile droplet: Failed to compile droplet: exit status 5\n');
    } finally {
      await failingSupply.cleanup();
    }
  });

  it('pads deps indexes to the width of the buildpack count', async () => {
    const keys = Array.from({ length: 11 }, (_, i) => `bp${i}`);
    for (const key of keys.slice(0, -1)) await stage.buildpack(key, { supply: sh('echo "$4" >> "$1/indexes"') });
    await stage.buildpack('bp10', { finalize: sh('echo "$4" >> "$1/indexes"'), release: RELEASE_WEB('w') });
    const r = await stage.builder(keys, true);
    expect(r.code).toBe(0);
    expect(stage.dropletFile('./app/indexes')).toBe(`${['00', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10'].join('\n')}\n`);
    expect(stage.dropletEntries().filter((e) => /^\.\/deps\/\d+\/$/.test(e))).toHaveLength(11);
  });
});

describe('builder: start commands', () => {
  it('release failure is 224; invalid release YAML is 224 too', async () => {
    await stage.buildpack('a', { finalize: sh('true'), release: sh('echo release-broke >&2; exit 2') });
    const r = await stage.builder(['a'], true);
    expect(r.code).toBe(224);
    expect(r.stderr).toBe('release-broke\nFailed to build droplet release: exit status 2\n');
    expect(JSON.parse(await stage.resultJson()).process_types).toBeNull();

    await stage.buildpack('b', { finalize: sh('true'), release: sh('echo "default_process_types: [unclosed"') });
    const y = await stage.builder(['b'], true);
    expect(y.code).toBe(224);
    expect(y.stderr).toMatch(/^Failed to build droplet release: buildpack's release output invalid: yaml: /);
  });

  it('Procfile (YAML) overrides release by type and appends new types; bad Procfile is exit 1', async () => {
    await stage.buildpack('a', {
      finalize: sh('true'),
      release: sh("printf 'default_process_types:\\n  web: release-web\\n  worker: release-worker\\n'"),
    });
    await stage.appFile('Procfile', 'web: procfile-web --port $PORT\nclock: 1.0\n');
    const r = await stage.builder(['a'], true);
    expect(r.code).toBe(0);
    const result = JSON.parse(await stage.resultJson());
    expect(result.process_types).toEqual({ clock: '1.0', web: 'procfile-web --port $PORT', worker: 'release-worker' });
    expect(result.processes).toEqual([
      { type: 'web', command: 'procfile-web --port $PORT' },
      { type: 'worker', command: 'release-worker' },
      { type: 'clock', command: '1.0' },
    ]);
    expect(await stage.resultJson()).toContain('"process_types":{"clock":"1.0","web":"procfile-web --port $PORT","worker":"release-worker"}');

    await stage.appFile('Procfile', 'web: [not: a string\n');
    const bad = await stage.builder(['a'], true);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('Failed to read command from Procfile: invalid YAML\n');
  });

  it('no web process is a warning on stderr, not a failure', async () => {
    await stage.buildpack('a', { finalize: sh('true'), release: sh("printf 'default_process_types:\\n  worker: w\\n'") });
    const r = await stage.builder(['a'], true);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('No start command specified by buildpack or via Procfile.\nApp will not start unless a command is provided at runtime.\n');
    expect(stage.dropletFile('./staging_info.yml')).toBe('{"detected_buildpack":"","start_command":""}\n');
  });

  it('merges launch.yml (unpadded index) instead of running release, with sidecars split out', async () => {
    await stage.buildpack('sup', {
      supply: sh(`cat > "$3/$4/launch.yml" <<'YML'
processes:
- type: web
  command: supplied-web
- type: sidecar-proxy
  command: ./proxy
  platforms:
    cloudfoundry:
      sidecar_for: [web, worker]
  limits:
    memory: 64
YML`),
    });
    await stage.buildpack('final', {
      finalize: sh(`printf 'processes:\\n- type: worker\\n  command: final-worker\\n- type: web\\n  command: final-web\\n' > "$3/$4/launch.yml"`),
      release: sh('echo release-must-not-run >&2; exit 1'),
    });
    const r = await stage.builder(['sup', 'final'], true);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(await stage.resultJson()).toBe(
      '{"lifecycle_metadata":{"buildpack_key":"final","detected_buildpack":"","buildpacks":[{"key":"sup","name":""},{"key":"final","name":""}]},' +
        '"process_types":{"web":"final-web","worker":"final-worker"},"processes":[{"type":"web","command":"final-web"},{"type":"worker","command":"final-worker"}],' +
        '"sidecars":[{"name":"sidecar-proxy","process_types":["web","worker"],"command":"./proxy","memory":64}],"execution_metadata":"","lifecycle_type":"buildpack"}\n',
    );
  });

  it('puts output_metadata from config.yml into result.json', async () => {
    await stage.buildpack('a', {
      finalize: sh(`printf 'name: a-bp\\noutput_metadata:\\n  stack: cflinuxfs4\\n  sizes: [1, 2]\\n  debug: true\\n' > "$3/$4/config.yml"`),
      release: RELEASE_WEB('w'),
    });
    const r = await stage.builder(['a'], true);
    expect(r.code).toBe(0);
    expect(await stage.resultJson()).toContain(
      '"buildpacks":[{"key":"a","name":"a-bp","output_metadata":{"debug":true,"sizes":[1,2],"stack":"cflinuxfs4"}}]',
    );
  });
});

describe('builder: environment and flags', () => {
  it('gives scripts exactly the builder environment plus DATABASE_URL, and never chdirs', async () => {
    const services = JSON.stringify({
      'user-provided': [{ name: 'x', credentials: { uri: 'https://example.invalid' } }],
      elephantsql: [{ name: 'db', credentials: { uri: 'postgresql://u:p@10.0.0.1:5432/db' } }],
    });
    await stage.buildpack('a', { finalize: sh('env | sort > "$1/env.txt"; pwd > "$1/pwd.txt"'), release: RELEASE_WEB('w') });
    const r = await stage.builder(['a'], true, { VCAP_SERVICES: services, CF_STACK: 'cflinuxfs4', CF_INSTANCE_ADDR: '' });
    expect(r.code).toBe(0);
    const env = Object.fromEntries(
      stage
        .dropletFile('./app/env.txt')
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(env.DATABASE_URL).toBe('postgres://u:p@10.0.0.1:5432/db');
    expect(env.CF_STACK).toBe('cflinuxfs4');
    expect(env.CF_INSTANCE_ADDR).toBe('');
    expect(env.VCAP_SERVICES).toBe(services);
    const bashOwn = new Set(['PWD', 'SHLVL', '_', 'OLDPWD']);
    expect(Object.keys(env).filter((k) => !bashOwn.has(k)).sort()).toEqual(
      ['CF_INSTANCE_ADDR', 'CF_STACK', 'DATABASE_URL', 'LANG', 'PATH', 'TMPDIR', 'VCAP_SERVICES'].sort(),
    );
    expect(stage.dropletFile('./app/pwd.txt').trim()).toBe(process.cwd());
  });

  it('reports empty required flags as `missing flag: -X` (exit 1)', async () => {
    const r = await stage.builder([], true, {}, ['-buildDir=']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('missing flag: -buildDir, missing flag: -buildpackOrder\n');
  });

  it('accepts Go flag syntax: -name value, --name=value, bare booleans', async () => {
    await stage.buildpack('a', { finalize: sh('true'), release: RELEASE_WEB('w') });
    const { run, builderBin } = await import('../testing/fixtures.ts');
    const r = await run(
      builderBin,
      [
        '-buildDir',
        stage.app,
        `--outputDroplet=${stage.droplet}`,
        '--outputMetadata',
        stage.result,
        `-outputBuildArtifactsCache=${stage.outputCache}`,
        `-buildpacksDir=${stage.buildpacks}`,
        `-buildpacksDownloadDir=${stage.downloads}`,
        `-buildArtifactsCacheDir=${stage.cache}`,
        '-buildpackOrder=a',
        '-skipDetect',
        '-credhubRetryDelay=250ms',
      ],
      { env: stage.env() },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(stage.droplet)).toBe(true);
  });

  it('rejects unknown flags and bad values as Go does (usage, exit 2); -h is exit 0', async () => {
    const { run, builderBin } = await import('../testing/fixtures.ts');
    const unknown = await run(builderBin, ['-nope'], { env: stage.env() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^flag provided but not defined: -nope\nUsage of builder:\n {2}-buildArtifactsCacheDir string\n {4}\tdirectory where previous cached build artifacts should be extracted \(default "\/tmp\/cache"\)\n/);
    expect(unknown.stderr).toContain('  -skipDetect\n    \tskip buildpack detect\n');
    expect(unknown.stderr).toContain('  -credhubRetryDelay duration\n');
    const badBool = await run(builderBin, ['-skipDetect=maybe'], { env: stage.env() });
    expect(badBool.code).toBe(2);
    expect(badBool.stderr.split('\n')[0]).toBe('invalid boolean value "maybe" for -skipDetect: parse error');
    const badInt = await run(builderBin, ['-credhubConnectAttempts', 'x'], { env: stage.env() });
    expect(badInt.stderr.split('\n')[0]).toBe('invalid value "x" for flag -credhubConnectAttempts: parse error');
    const help = await run(builderBin, ['-h'], { env: stage.env() });
    expect(help.code).toBe(0);
    expect(help.stderr.startsWith('Usage of builder:\n')).toBe(true);
  });

  it('exits 3 for invalid VCAP_PLATFORM_OPTIONS, with no trailing newline', async () => {
    await stage.buildpack('a', { finalize: sh('true'), release: RELEASE_WEB('w') });
    const r = await stage.builder(['a'], true, { VCAP_PLATFORM_OPTIONS: 'not-json' });
    expect(r.code).toBe(3);
    expect(r.stderr.startsWith('Invalid platform options: ')).toBe(true);
    expect(r.stderr.endsWith('\n')).toBe(false);
    const arr = await stage.builder(['a'], true, { VCAP_PLATFORM_OPTIONS: '[]' });
    expect(arr.stderr).toBe('Invalid platform options: json: cannot unmarshal array into Go value of type platformoptions.PlatformOptions');
  });

  it('starts fast for trivial work', async () => {
    const start = performance.now();
    const r = await stage.builder([], true);
    expect(r.code).toBe(1);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('builder: URL buildpacks', () => {
  it('downloads a .zip buildpack into buildpacksDownloadDir/<xxhash> and unzips it', async () => {
    const { createServer } = await import('node:http');
    const src = join(stage.root, 'zipsrc');
    await stage.buildpack('zip', { detect: sh('echo Zipped'), compile: sh('echo zip-compile'), release: RELEASE_WEB('zip-web') }, { dir: join(src, 'zip-buildpack') });
    const zipFile = join(stage.root, 'bp.zip');
    makeZip(src, zipFile);
    const body = await readFile(zipFile);
    const server = createServer((req, res) => {
      if (req.url === '/buildpacks/bp.zip') res.end(body);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const url = `http://127.0.0.1:${port}/buildpacks/bp.zip`;
      const r = await stage.builder([url], false);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Downloaded buildpack \`${url.replace(/\./g, '\\.')}\` \\(\\d+(\\.\\d)?[BK]\\)\nzip-compile\n$`));
      expect(existsSync(join(stage.downloads, buildpackDirName(url), 'zip-buildpack', 'bin', 'detect'))).toBe(true);
      expect(JSON.parse(await stage.resultJson()).lifecycle_metadata).toEqual({
        buildpack_key: url,
        detected_buildpack: 'Zipped',
        buildpacks: [{ key: url, name: 'Zipped' }],
      });
      const missing = await stage.builder([`http://127.0.0.1:${port}/nope.zip`], false);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^Failed to download buildpack 'http:\/\/127\.0\.0\.1:\d+\/nope\.zip': /);
    } finally {
      server.close();
    }
  });

  it('git-clones other URLs with the fragment as branch', async () => {
    const { execFileSync } = await import('node:child_process');
    const repo = join(stage.root, 'repo');
    await stage.buildpack('git', { detect: sh('echo Git'), compile: sh('true'), release: RELEASE_WEB('git-web-main') }, { dir: repo });
    const git = (...args: string[]): void => {
      execFileSync('git', ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { stdio: 'ignore' });
    };
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'main');
    git('checkout', '-qb', 'v2');
    await writeFile(join(repo, 'bin', 'release'), RELEASE_WEB('git-web-v2'));
    git('commit', '-qam', 'v2');
    git('checkout', '-q', 'main');
    const url = `file://${repo}#v2`;
    const r = await stage.builder([url], false);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(await stage.resultJson()).process_types).toEqual({ web: 'git-web-v2' });
    expect(existsSync(join(stage.downloads, buildpackDirName(url), '.git'))).toBe(true);
  });
});
