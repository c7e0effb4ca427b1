import { build, type BuildOptions, type Message } from 'esbuild';

// CJS dependencies bundled into ESM still call require(); give them one.
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __bpkitCreateRequire } from 'node:module'; const require = __bpkitCreateRequire(import.meta.url);";

export interface BundleEntry {
  /** Source of the generated entry module. */
  contents: string;
  /** Directory its imports resolve from (the buildpack package). */
  resolveDir: string;
  /** Name shown in error messages. */
  name: string;
  minify: boolean;
}

/** Bundles one generated entry into a single self-contained ESM file for Node 20 and returns its text. */
export async function bundleEntry(entry: BundleEntry): Promise<string> {
  const options: BuildOptions = {
    stdin: { contents: entry.contents, resolveDir: entry.resolveDir, sourcefile: entry.name, loader: 'js' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: entry.minify,
    legalComments: 'none',
    charset: 'utf8',
    banner: { js: CREATE_REQUIRE_BANNER },
    write: false,
    logLevel: 'silent',
    outfile: 'out.mjs',
  };
  try {
    const result = await build(options);
    const file = result.outputFiles?.[0];
    if (!file) throw new Error(`esbuild produced no output for ${entry.name}`);
    return file.text;
  } catch (error) {
    throw new Error(`cannot bundle ${entry.name}:\n${describe(error)}`);
  }
}

function describe(error: unknown): string {
  const errors = (error as { errors?: Message[] }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    return errors
      .map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ${m.text}` : m.text))
      .join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}
