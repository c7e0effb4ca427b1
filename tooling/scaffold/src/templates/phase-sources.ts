import type { BuildpackNames } from '../buildpack-name.ts';

/** The web command bin/release declares: CF stacks ship python3 (and no node, ruby or go). */
export const WEB_COMMAND = 'python3 -m http.server "$PORT"';

export function buildpackTs(n: BuildpackNames): string {
  return `import { defineBuildpack, detect } from '@bpkit/buildpack';

/** What supply hands to finalize: deps/<idx>/config.yml's \`config\`, which finalize reads as \`ctx.supplied\`. */
export type Config = {
  /** The first line of the app's ${n.marker} */
  message: string;
  /** The node supply installed */
  nodeVersion: string;
};

/**
 * The ${n.name} buildpack. Detect and release are declarations that bpkit-bundle compiles to sh, so no Node
 * starts for either: apps with a ${n.marker} match and the builder shows "${n.name}". Supply (src/supply.ts)
 * installs node and exports ${n.messageVariable}; finalize (src/finalize.ts) checks there is a page to serve.
 */
export default defineBuildpack<Config>({
  detect: detect.when(detect.file('${n.marker}'), '${n.name}'),
  // python3 is on the stack; it serves the app directory, the launcher's working directory.
  release: { web: '${WEB_COMMAND}' },
});
`;
}

export function exitCodesTs(n: BuildpackNames): string {
  return `/**
 * How the ${n.name} buildpack fails, one code per cause, so the builder's \`exit status N\` says which. The core's own
 * (manifest.yml unreadable 9, stack not supported 10) are CORE_EXIT in @bpkit/buildpack; anything else exits 1.
 */
export const EXIT = {
  /** supply could not choose or install node */
  supply: 16,
} as const;
`;
}

export function supplyTs(n: BuildpackNames): string {
  return `import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildpackError, resolveOrFail } from '@bpkit/buildpack';
import { isDirectory } from '@bpkit/fs';
import buildpack from './buildpack.ts';
import { EXIT } from './exit-codes.ts';

export const DEFAULT_MESSAGE = 'Hello from the ${n.name} buildpack';

/**
 * Installs node from manifest.yml (its one dependency so far: replace it with the buildpack's own tool) and
 * exports ${n.messageVariable}, the first line of the app's ${n.marker}. It returns what it contributes and the
 * core writes it into deps/<idx> (env/, profile.d/, bin/, config.yml): a supply never writes outside it.
 */
export default buildpack.supply(async (ctx) => {
  const deps = await ctx.dependencies();
  // \`cf set-env APP ${n.nodeVersionVariable} 20.x\` asks for a version; without it manifest.yml's default_versions decides.
  const asked = ctx.env['${n.nodeVersionVariable}'];
  const home = join(ctx.depDir, 'node');
  // No match: "no match found for 18.x in [20.1.0 22.2.0]" in this buildpack's words, with its exit code; the core
  // adds a line with the versions this stack has and the nearest one.
  const node = await resolveOrFail(deps, 'node', asked ? { constraint: asked, source: '$${n.nodeVersionVariable}' } : undefined, {
    exitCode: EXIT.supply,
    noMatch: (err) => \`Unable to install node: \${err.message}\`,
  });
  let bin: string;
  try {
    await deps.install(node, home); // "-----> Installing node 22.2.0", then why: "Chosen by the manifest default: 22.x"
    bin = await binDir(home);
  } catch (err) {
    throw new BuildpackError(\`Unable to install node: \${(err as Error).message}\`, { exitCode: EXIT.supply, cause: err });
  }

  const text = await readFile(join(ctx.buildDir, '${n.marker}'), 'utf8').catch(() => '');
  const message = text.split('\\n')[0]?.trim() || DEFAULT_MESSAGE;
  ctx.log.beginStep('Setting ${n.messageVariable}');
  ctx.log.info(message);

  return {
    config: { message, nodeVersion: node.version },
    // For later buildpacks' staging (deps/<idx>/env) and for the app at launch (profile.d, sourced by bash).
    env: { ${n.messageVariable}: message },
    profileD: { '${n.name}.sh': \`export ${n.messageVariable}=\${shQuote(message)}\\n\` },
    // node on PATH for later buildpacks' staging and for the app at launch (deps/<idx>/bin).
    binDirs: [bin],
  };
});

/** The installed tree's bin/: at its root (CF's node tarballs) or under its one top directory (nodejs.org's). */
async function binDir(home: string): Promise<string> {
  if (await isDirectory(join(home, 'bin'))) return join(home, 'bin');
  const [top] = await readdir(home);
  return join(home, top ?? '', 'bin');
}

/** POSIX single quotes: the message is the app's text and must reach the shell unchanged. */
function shQuote(value: string): string {
  return \`'\${value.replace(/'/g, \`'\\\\''\`)}'\`;
}
`;
}

export function finalizeTs(): string {
  return `import { join } from 'node:path';
import { isFile } from '@bpkit/fs';
import buildpack from './buildpack.ts';

/** The web process is declared in src/buildpack.ts; finalize says what the app gets and checks it has a page. */
export default buildpack.finalize(async (ctx) => {
  ctx.log.beginStep('Serving the app with python3 -m http.server');
  // ctx.supplied is what supply returned as config, typed by Config.
  ctx.log.info(\`node \${ctx.supplied.nodeVersion} is on the app's PATH\`);
  if (!(await isFile(join(ctx.buildDir, 'index.html')))) ctx.log.warning('The app has no index.html: the server will list its files');
});
`;
}
