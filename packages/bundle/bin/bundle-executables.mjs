// Bundles TypeScript entry points into single-file, executable Node programs (Node 20 cannot run .ts):
//   node ../bundle/bin/bundle-executables.mjs src/main.ts=dist/bpkit.mjs [...]
// Run from the package directory, whose node_modules provides esbuild. Each `<name>.mjs` also gets `<name>` beside it,
// a symlink, so a drop-in program runs under the name it replaces (CF ships `builder` and `launcher`) while Node
// still loads it as ESM through the real path.
import { chmod, mkdir, rm, symlink } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';

const { build } = createRequire(resolve('package.json'))('esbuild');
const pairs = process.argv.slice(2).map((arg) => arg.split('='));
await Promise.all(
  pairs.map(async ([entry, outfile]) => {
    await mkdir(dirname(outfile), { recursive: true });
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      legalComments: 'none',
      // CommonJS dependencies bundled into ESM still call require().
      banner: {
        js: "#!/usr/bin/env node\nimport { createRequire as __bpkitCreateRequire } from 'node:module';\nconst require = __bpkitCreateRequire(import.meta.url);",
      },
      logLevel: 'warning',
    });
    await chmod(outfile, 0o755);
    if (outfile.endsWith('.mjs')) {
      const link = outfile.slice(0, -'.mjs'.length);
      await rm(link, { force: true });
      await symlink(basename(outfile), link);
    }
  }),
);
