import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleBuildpack } from './bundle-buildpack.ts';

const HELP = `Usage: bpkit-bundle [PACKAGE_DIR] [--out DIR]

Builds the Cloud Foundry buildpack directory (default PACKAGE_DIR/build) from a bpkit buildpack
package: bin/{detect,supply,finalize,release,compile}, lib/<phase>.cjs, lib/bootstrap.sh,
lib/node-runtime, manifest.yml and VERSION. PACKAGE_DIR defaults to the current directory.

Options:
  -o, --out DIR   where to write the buildpack directory
  -h, --help      show this help
`;

/** Runs the CLI; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    process.stderr.write(`bpkit-bundle: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    process.stderr.write(`bpkit-bundle: expected at most one PACKAGE_DIR\n\n${HELP}`);
    return 2;
  }
  const packageDir = parsed.positionals[0] ?? process.cwd();
  const started = performance.now();
  try {
    const result = await bundleBuildpack(
      parsed.values.out === undefined ? { packageDir } : { packageDir, outDir: parsed.values.out },
    );
    const sizes = [
      ...Object.entries(result.bundles).map(([phase, bytes]) => `${phase} ${(bytes / 1024).toFixed(0)} KiB`),
      ...result.declared.map((phase) => `${phase} sh`),
    ].join(', ');
    const ms = Math.round(performance.now() - started);
    process.stdout.write(
      `bpkit-bundle: ${result.name} ${result.version} -> ${relative(process.cwd(), result.outDir) || '.'} ` +
        `(detect: ${result.detect}; ${sizes}) in ${ms} ms\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`bpkit-bundle: error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
