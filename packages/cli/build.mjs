// Bundles the CLI into one file so `bpkit` starts without a TypeScript loader.
import { chmod, mkdir } from 'node:fs/promises';
import { build } from 'esbuild';

await mkdir('dist', { recursive: true });
await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/bpkit.mjs',
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
});
await chmod('dist/bpkit.mjs', 0o755);
