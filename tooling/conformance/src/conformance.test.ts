// The conformance kit over every buildpack in buildpacks/: found by looking, never registered. Each
// buildpack is bundled as `pnpm build` does, packaged as `bpkit package` does (uncached and cached, the
// latter against a loopback dependency server), and checked from the outside. Failures read
// `[rule] what is wrong`; the rules live in src/rules/ and are documented in README.md.
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { type KitEnvironment, createKitEnvironment } from './kit-environment.ts';
import { type LoopbackDependencies, startLoopbackDependencies } from './loopback-dependencies.ts';
import { type ConformanceZips, type PreparedBuildpack, packageForConformance, prepareBuildpack } from './prepare-buildpack.ts';
import { binModeInDirectory, binModeInZip } from './rules/bin-mode.ts';
import { bootstrapWithoutNode } from './rules/bootstrap-no-node.ts';
import { configYml } from './rules/config-yml.ts';
import { defaultVersions } from './rules/default-versions.ts';
import { detectOnEmptyApp } from './rules/detect-empty-app.ts';
import { detectReadOnly } from './rules/detect-readonly.ts';
import { manifestValid } from './rules/manifest-valid.ts';
import { releaseYaml } from './rules/release-yaml.ts';
import { supplyScope } from './rules/supply-scope.ts';
import { zipContents } from './rules/zip-contents.ts';
import { zipManifest } from './rules/zip-manifest.ts';
import { zipName } from './rules/zip-name.ts';
import { zipVersion } from './rules/zip-version.ts';
import { type RuleResult, report } from './violation.ts';
import { discoverBuildpacks } from './workspace-buildpacks.ts';

const WORKSPACE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const buildpacks = await discoverBuildpacks(WORKSPACE);

let kit: KitEnvironment;
let loopback: LoopbackDependencies;

beforeAll(async () => {
  kit = await createKitEnvironment();
  loopback = await startLoopbackDependencies(kit);
});

afterAll(async () => {
  await loopback?.close();
  if (kit) await rm(kit.scratch, { recursive: true, force: true });
});

/** Passes, fails with every `[rule] message`, or is skipped with the rule's reason. */
function conforms(ctx: TestContext, result: RuleResult): void {
  if (result.skipped !== undefined) ctx.skip(`[${result.rule}] skipped: ${result.skipped}`);
  expect(report([result])).toBe('');
}

it('finds every buildpack package under buildpacks/', () => {
  expect(buildpacks.map((b) => b.name)).toContain('binary');
});

describe.each(buildpacks)('buildpacks/$name', (buildpack) => {
  let prepared: PreparedBuildpack;
  let zips: ConformanceZips;
  const apps = buildpack.conformanceApp ? [buildpack.conformanceApp] : [];

  beforeAll(async () => {
    prepared = await prepareBuildpack(buildpack, kit, loopback);
    zips = await packageForConformance(prepared, kit);
  });

  describe('the built buildpack', () => {
    it('[bin-mode] has bin/detect, supply, finalize, release, all 0755', async (ctx) => conforms(ctx, await binModeInDirectory(prepared.buildDir)));
    it('[manifest-valid] manifest.yml validates, VERSION is one line, the bootstrap has a node entry per stack', async (ctx) =>
      conforms(ctx, await manifestValid(prepared.buildDir)));
    it('[default-versions] one default per dependency, resolving on every stack listed', async (ctx) =>
      conforms(ctx, await defaultVersions(prepared.buildDir)));
    it('[detect-empty-app] detect on an empty app exits non-zero, prints nothing', async (ctx) =>
      conforms(ctx, await detectOnEmptyApp(prepared.loopbackDir, kit)));
    it('[detect-readonly] detect never writes to the build dir', async (ctx) => conforms(ctx, await detectReadOnly(prepared.loopbackDir, kit, apps)));
    it('[supply-scope] supply writes only inside deps/<idx>, and fails cleanly if at all', async (ctx) => {
      for (const app of [undefined, ...apps]) conforms(ctx, await supplyScope(prepared.loopbackDir, kit, app));
    });
    it('[config-yml] deps/<idx>/config.yml has the language and VERSION', async (ctx) =>
      conforms(ctx, await configYml(prepared.loopbackDir, kit, buildpack.conformanceApp)));
    it('[release-yaml] release prints YAML CF parses, default_process_types a map of strings', async (ctx) =>
      conforms(ctx, await releaseYaml(prepared.loopbackDir, kit, apps)));
  });

  describe('its zips', () => {
    const each = (): Array<[string, string]> =>
      (['committed', 'committedStack', 'uncached', 'cached'] as const).flatMap((k) => (zips[k] ? [[k, zips[k].path] as [string, string]] : []));

    it('[zip-packaging] packages uncached, uncached for one stack and cached', () => {
      expect(zips.errors.map((e) => `[zip-packaging] ${e}`).join('\n')).toBe('');
      expect(zips.committed && zips.uncached && zips.cached).toBeTruthy();
    });
    it('[bin-mode] bin/* are 0755 in every zip', async () => {
      expect(report(await Promise.all(each().map(([, zip]) => binModeInZip(zip))))).toBe('');
    });
    it('[zip-name] every zip is named as CF names it', async () => {
      expect(report(await Promise.all(each().map(([, zip]) => zipName(zip))))).toBe('');
    });
    it('[zip-version] every zip holds the VERSION, without a newline', async () => {
      expect(report(await Promise.all(each().map(([, zip]) => zipVersion(zip, prepared.version))))).toBe('');
    });
    it('[zip-manifest] every zip has the manifest rewritten as CF rewrites it', async () => {
      const source = (kind: string): string => (kind.startsWith('committed') ? prepared.manifestText : (prepared.loopbackManifest ?? ''));
      expect(report(await Promise.all(each().map(([kind, zip]) => zipManifest(zip, source(kind)))))).toBe('');
    });
    it('[zip-contents] every zip holds its include_files and a matching lib/node-runtime', async () => {
      expect(report(await Promise.all(each().map(([, zip]) => zipContents(zip))))).toBe('');
    });
    it('[bootstrap-no-node] the uncached zip downloads Node from the loopback server, with none on PATH', async (ctx) => {
      if (!zips.uncached) ctx.skip('no uncached loopback zip (see [zip-packaging])');
      conforms(ctx, await bootstrapWithoutNode(zips.uncached!.path, kit, { requests: () => loopback.server.requests }));
    });
    it('[bootstrap-no-node] the cached zip runs its vendored Node, offline, with none on PATH', async (ctx) => {
      if (!zips.cached) ctx.skip('no cached loopback zip (see [zip-packaging])');
      conforms(ctx, await bootstrapWithoutNode(zips.cached!.path, kit, { requests: () => loopback.server.requests }));
    });
  });
});
