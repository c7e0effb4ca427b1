// The kit must fail, naming the rule, on buildpacks that break CF's contract: the broken fixtures in
// fixtures/ are copies of fixtures/conforming with one thing wrong (see each one's BROKEN.md).
import { chmod, cp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageBuildpack } from '@bpkit/packager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KitEnvironment, createKitEnvironment, scratchDir } from './kit-environment.ts';
import { binModeInDirectory, binModeInZip } from './rules/bin-mode.ts';
import { configYml } from './rules/config-yml.ts';
import { defaultVersions } from './rules/default-versions.ts';
import { detectOnEmptyApp } from './rules/detect-empty-app.ts';
import { detectReadOnly } from './rules/detect-readonly.ts';
import { manifestValid } from './rules/manifest-valid.ts';
import { releaseOutputProblem, releaseYaml } from './rules/release-yaml.ts';
import { supplyScope } from './rules/supply-scope.ts';
import { zipContents } from './rules/zip-contents.ts';
import { zipManifest } from './rules/zip-manifest.ts';
import { zipName } from './rules/zip-name.ts';
import { zipVersion } from './rules/zip-version.ts';
import { type RuleResult, report } from './violation.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
let kit: KitEnvironment;

beforeAll(async () => {
  kit = await createKitEnvironment();
});
afterAll(async () => {
  if (kit) await rm(kit.scratch, { recursive: true, force: true });
});

/** A private copy of a fixture (modes kept), so a rule that writes cannot change the fixture. */
async function fixture(name: string): Promise<string> {
  const dir = join(await scratchDir(kit, name), name);
  await cp(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

async function zipOf(dir: string): Promise<string> {
  const out = await scratchDir(kit, 'zip');
  return (await packageBuildpack({ buildpack: dir, outDir: out, cacheDir: join(kit.scratch, 'cache'), env: {} })).path;
}

const messages = (results: RuleResult[]): string => report(results);

describe('the conforming fixture', () => {
  it('passes every rule, in its directory and as a zip (so the failures below are the breakage, not the kit)', async () => {
    const bp = await fixture('conforming');
    const app = await scratchDir(kit, 'app');
    await writeFile(join(app, 'conforming.txt'), 'hello\n');
    const results = [
      await binModeInDirectory(bp),
      await manifestValid(bp),
      await defaultVersions(bp),
      await detectOnEmptyApp(bp, kit),
      await detectReadOnly(bp, kit, [app]),
      await supplyScope(bp, kit),
      await supplyScope(bp, kit, app),
      await configYml(bp, kit),
      await releaseYaml(bp, kit, [app]),
    ];
    expect(messages(results)).toBe('');
    expect(results.filter((r) => r.skipped)).toEqual([]);

    const zip = await zipOf(bp);
    expect(zip).toMatch(/\/conforming_buildpack-v1\.2\.3\.zip$/);
    const source = await readFile(join(bp, 'manifest.yml'), 'utf8');
    const zipped = [await binModeInZip(zip), await zipName(zip), await zipVersion(zip, '1.2.3'), await zipManifest(zip, source), await zipContents(zip)];
    expect(messages(zipped)).toBe('');
  });
});

describe('broken fixtures fail, naming the rule', () => {
  it('a non-executable bin: [bin-mode], in the directory and in the zip', async () => {
    const bp = await fixture('non-executable-bin');
    expect(messages([await binModeInDirectory(bp)])).toBe('[bin-mode] bin/release must be 0755, is 0644');
    expect(messages([await binModeInZip(await zipOf(bp))])).toBe('[bin-mode] bin/release must be 0755, is 0644 in the zip');
  });

  it('a supply that writes into the build dir: [supply-scope]', async () => {
    const bp = await fixture('supply-writes-build-dir');
    expect(messages([await supplyScope(bp, kit)])).toBe('[supply-scope] supply (exit 0) on an empty app modified files outside deps/1: app/supplied.txt');
  });

  it('a release printing invalid YAML: [release-yaml]', async () => {
    const bp = await fixture('release-invalid-yaml');
    const found = messages([await releaseYaml(bp, kit)]);
    expect(found).toMatch(/^\[release-yaml\] release on an empty app printed YAML CF rejects: /);
  });

  it('a manifest with two defaults for one dependency: [default-versions] and [manifest-valid]', async () => {
    const bp = await fixture('two-defaults');
    expect(messages([await defaultVersions(bp)])).toBe(
      '[default-versions] tool has 2 default_versions entries (1.x, 2.x); CF requires exactly one per dependency',
    );
    expect(messages([await manifestValid(bp)])).toMatch(/^\[manifest-valid\] .*default_versions/m);
  });
});

describe('each rule on a one-line variation of the conforming fixture', () => {
  async function variant(script: 'detect' | 'supply' | 'release', body: string): Promise<string> {
    const bp = await fixture('conforming');
    await writeFile(join(bp, 'bin', script), `#!/bin/sh\n${body}\n`);
    await chmod(join(bp, 'bin', script), 0o755);
    return bp;
  }

  it('[bin-mode] a missing script', async () => {
    const bp = await fixture('conforming');
    await rm(join(bp, 'bin', 'finalize'));
    expect(messages([await binModeInDirectory(bp)])).toBe('[bin-mode] bin/finalize is missing');
  });

  it('[detect-empty-app] a detect that matches everything, or talks on stdout when it does not match', async () => {
    expect(messages([await detectOnEmptyApp(await variant('detect', 'echo conforming'), kit)])).toBe(
      '[detect-empty-app] detect matched an empty app (exit 0, printed "conforming")',
    );
    expect(messages([await detectOnEmptyApp(await variant('detect', 'echo conforming 1.2.3; exit 1'), kit)])).toContain(
      '[detect-empty-app] detect printed "conforming 1.2.3" on stdout for an app it did not match',
    );
    expect(messages([await detectOnEmptyApp(await variant('detect', 'echo no; exit 1'), kit)])).toBe('');
  });

  it('[detect-readonly] a detect that leaves a marker in the app', async () => {
    const bp = await variant('detect', 'touch "$1/.detected"; exit 1');
    expect(messages([await detectReadOnly(bp, kit)])).toBe('[detect-readonly] detect (exit 1) on an empty app wrote to the build dir: app/.detected');
  });

  it('[supply-scope] a supply that writes into another buildpack\'s deps dir or cache', async () => {
    const deps = await variant('supply', 'echo x > "$3/0/bin/earlier-tool"; mkdir -p "$3/$4"');
    expect(messages([await supplyScope(deps, kit)])).toMatch(/^\[supply-scope\] .*: deps\/0\/bin\/earlier-tool$/);
    const cache = await variant('supply', 'echo x > "$2/../final/cached.txt"');
    expect(messages([await supplyScope(cache, kit)])).toMatch(/^\[supply-scope\] .*: cache\/final\/cached\.txt$/);
  });

  it('[supply-clean-exit] a supply that dies without **ERROR**; a clean **ERROR** passes', async () => {
    const crash = await variant('supply', 'echo "TypeError: x is undefined" >&2; exit 3');
    expect(messages([await supplyScope(crash, kit)])).toMatch(/^\[supply-clean-exit\] supply on an empty app exited 3 without a clean \*\*ERROR\*\* line/);
    const clean = await variant('supply', "printf '       **ERROR** Could not find a tool\\n'; exit 16");
    expect(messages([await supplyScope(clean, kit)])).toBe('');
  });

  it('[config-yml] a supply that writes the wrong name and no version; skipped when supply stops cleanly', async () => {
    const wrong = await variant('supply', 'mkdir -p "$3/$4" && printf "name: Conforming\\n" > "$3/$4/config.yml"');
    expect(messages([await configYml(wrong, kit)])).toBe(
      [
        '[config-yml] deps/1/config.yml name must be the manifest language "conforming", is "Conforming"',
        '[config-yml] deps/1/config.yml version must be VERSION "1.2.3", is undefined',
      ].join('\n'),
    );
    const stopped = await configYml(await variant('supply', "printf '       **ERROR** no toolchain\\n'; exit 16"), kit);
    expect(stopped.skipped).toBe('supply stopped on an empty app: **ERROR** no toolchain');
  });

  it('[release-yaml] release output CF rejects', async () => {
    expect(await releaseOutputProblem('---\ndefault_process_types:\n  web: ./app\n')).toBeUndefined();
    expect(await releaseOutputProblem('---\ndefault_process_types: {}\n')).toBeUndefined();
    expect(await releaseOutputProblem('---\ndefault_process_types:\n  web: [a, b]\n')).toMatch(/cannot unmarshal !!seq into string/);
    expect(await releaseOutputProblem('--- [web]\n')).toMatch(/cannot unmarshal !!seq into buildpackrunner.Release/);
    expect(await releaseOutputProblem('---\nweb: ./app\n')).toMatch(/no default_process_types key/);
    expect(await releaseOutputProblem('')).toMatch(/empty document/);
    const failing = await variant('release', 'exit 2');
    expect(messages([await releaseYaml(failing, kit)])).toMatch(/^\[release-yaml\] release on an empty app exited 2/);
  });

  it('[zip-name], [zip-version], [zip-manifest], [zip-contents] on a zip that was renamed or tampered with', async () => {
    const bp = await fixture('conforming');
    const zip = await zipOf(bp);
    const renamed = join(dirname(zip), 'conforming-buildpack-1.2.3.zip');
    await rename(zip, renamed);
    expect(messages([await zipName(renamed)])).toBe('[zip-name] the zip must be named conforming_buildpack-v1.2.3.zip, is conforming-buildpack-1.2.3.zip');
    expect(messages([await zipVersion(renamed, '1.2.4')])).toBe('[zip-version] VERSION in the zip is "1.2.3", the buildpack\'s is "1.2.4"');

    const other = await fixture('two-defaults');
    const source = await readFile(join(other, 'manifest.yml'), 'utf8');
    expect(messages([await zipManifest(renamed, source)])).toMatch(/^\[zip-manifest\] default_versions differ from the source manifest$/m);

    // A zip made by hand (not by the packager) that lost a file its include_files names.
    await rm(join(bp, 'bin', 'finalize'));
    const handmade = join(await scratchDir(kit, 'handmade'), 'conforming_buildpack-v1.2.3.zip');
    await run('zip', ['-qr', handmade, '.'], { cwd: bp });
    expect(messages([await zipContents(handmade)])).toBe('[zip-contents] include_files lists bin/finalize, which is not in the zip');
  });
});
