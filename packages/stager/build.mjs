// Bundles the builder and launcher into single-file executables (dist/builder.mjs, dist/launcher.mjs).
import { chmod, mkdir } from 'node:fs/promises';

// esbuild is a devDependency; until the workspace is re-installed it is taken from tooling/bundle.
const esbuild = await import('esbuild').catch(
  () => import(new URL('../../tooling/bundle/node_modules/esbuild/lib/main.js', import.meta.url).href),
);
const build = esbuild.build ?? esbuild.default.build;

const entries = { builder: 'src/builder-main.ts', launcher: 'src/launcher-main.ts' };
await mkdir('dist', { recursive: true });
await Promise.all(
  Object.entries(entries).map(([name, entry]) =>
    build({
      entryPoints: [entry],
      outfile: `dist/${name}.mjs`,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      splitting: false,
      legalComments: 'none',
      banner: {
        js: "#!/usr/bin/env node\nimport { createRequire as __bpkitCreateRequire } from 'node:module';\nconst require = __bpkitCreateRequire(import.meta.url);",
      },
      logLevel: 'warning',
    }),
  ),
);
await Promise.all(Object.keys(entries).map((name) => chmod(`dist/${name}.mjs`, 0o755)));
