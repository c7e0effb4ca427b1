import type { BuildpackKind } from '../buildpack-kind.ts';
import type { BuildpackNames } from '../buildpack-name.ts';

/**
 * The workspace package, with the scripts every buildpack has (as buildpacks/binary does). A declarative buildpack
 * depends on the core alone (its declaration) and tests with the bundler alone: no phase code uses @bpkit/fs, and
 * there is nothing to download, so no dependency server.
 */
export function packageJson(n: BuildpackNames, kind: BuildpackKind): string {
  const pkg = {
    name: n.packageName,
    version: '0.1.0',
    private: true,
    type: 'module',
    description: `Cloud Foundry ${n.name} buildpack (scaffolded by bpkit new)`,
    scripts: {
      build: 'bpkit-bundle',
      bench: 'node ../../packages/bundle/bench/phases.mjs build',
      typecheck: 'tsc -p tsconfig.json',
      test: 'vitest run --reporter=default --reporter=json --outputFile=test-results.json --passWithNoTests',
    },
    ...(kind === 'code'
      ? {
          // The sample supply installs the manifest's Node for the app: a cached zip then carries the bootstrap's
          // Node whole, for the app to share, rather than bin/node alone.
          bpkit: { vendorNode: 'runtime' },
          dependencies: { '@bpkit/buildpack': 'workspace:*', '@bpkit/fs': 'workspace:*' },
          // The unit tests bundle the buildpack and serve its dependencies from 127.0.0.1.
          devDependencies: { '@bpkit/bundle': 'workspace:*', '@bpkit/dep-server': 'workspace:*' },
        }
      : {
          dependencies: { '@bpkit/buildpack': 'workspace:*' },
          // The unit tests bundle the buildpack and run its sh.
          devDependencies: { '@bpkit/bundle': 'workspace:*' },
        }),
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export function tsconfigJson(): string {
  return '{ "extends": "../../tsconfig.base.json", "include": ["src/**/*.ts"] }\n';
}

export function versionFile(): string {
  return '0.1.0\n';
}
