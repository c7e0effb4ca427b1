#!/usr/bin/env node
// Node 20 cannot run the TypeScript sources, so bundle src/cli.ts once per source change into
// .cache/ (same depth as src/, so its relative paths still hold) and run that.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = await build({
  entryPoints: [join(root, 'src/cli.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['esbuild'],
  banner: { js: "import { createRequire as __bpkitCreateRequire } from 'node:module'; const require = __bpkitCreateRequire(import.meta.url);" },
  write: false,
  logLevel: 'error',
  outfile: join(root, '.cache/cli.mjs'),
});
const code = result.outputFiles[0].text;
const file = join(root, '.cache', `cli-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
const current = await readFile(file, 'utf8').catch(() => undefined);
if (current !== code) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.${process.pid}`, code);
  await rename(`${file}.${process.pid}`, file);
  for (const old of await readdir(dirname(file))) {
    if (/^cli-[0-9a-f]{16}\.mjs$/.test(old) && join(dirname(file), old) !== file) await rm(join(dirname(file), old), { force: true });
  }
}
const { main } = await import(pathToFileURL(file).href);
process.exitCode = await main(process.argv.slice(2));
