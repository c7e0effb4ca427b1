import type { BuildpackNames } from '../buildpack-name.ts';
import { WEB_COMMAND } from './phase-sources.ts';

/** What the declarative kind's supply exports: a constant, since a declaration computes nothing. */
export function declaredMessage(n: BuildpackNames): string {
  return `Hello from the ${n.name} buildpack`;
}

/** The profile.d script: sh the app's bash sources before its start command, for what a plain variable can't say. */
export function declaredProfileScript(n: BuildpackNames): string {
  return `if [ -f "$HOME/${n.marker}" ]; then export ${n.textVariable}="$(head -n 1 "$HOME/${n.marker}")"; fi\n`;
}

/** A single-quoted TypeScript string literal, as the workspace writes them. */
function tsString(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n')}'`;
}

/** src/buildpack.ts of the declarative kind: the whole buildpack, every phase compiled to sh from it. */
export function declarativeBuildpackTs(n: BuildpackNames): string {
  return `import { defineBuildpack, detect } from '@bpkit/buildpack';

/** What every app this buildpack stages gets: a constant, since a declaration computes nothing. */
const MESSAGE = ${tsString(declaredMessage(n))};

/**
 * The ${n.name} buildpack, all declaration: with no src/supply.ts and no src/finalize.ts, bpkit-bundle compiles every
 * phase to sh, so staging starts no Node and the buildpack ships none (manifest.yml lists nothing to download).
 * Apps with a ${n.marker} match and the builder shows "${n.name}"; supply writes \`supplies\` into deps/<idx> with
 * config.yml; finalize copies deps/<idx>/profile.d into the app's profile.d; release prints the web process.
 *
 * Whatever must be computed at staging time (read the app, choose a version, install a tool, run one) needs a
 * src/supply.ts (see \`bpkit new --kind code\`), which then returns what \`supplies\` declares; detect and release
 * stay declared here.
 */
export default defineBuildpack({
  detect: detect.when(detect.file('${n.marker}'), '${n.name}'),
  supplies: {
    // deps/<idx>/env/${n.messageVariable}: later buildpacks' staging environment, the value as written.
    env: { ${n.messageVariable}: MESSAGE },
    // deps/<idx>/profile.d/${n.name}-launch-env.sh: the app's environment, expanded when it starts ($HOME is the app).
    launchEnv: { ${n.messageVariable}: MESSAGE, ${n.appDirVariable}: '$HOME' },
    // deps/<idx>/profile.d/${n.name}.sh, sourced by bash before the start command: for what takes shell logic.
    profileD: {
      '${n.name}.sh': ${tsString(declaredProfileScript(n))},
    },
    // config: { ... } would add to deps/<idx>/config.yml, for a src/finalize.ts to read as ctx.supplied.
  },
  // python3 is on the stack; it serves the app directory, the launcher's working directory.
  release: { web: '${WEB_COMMAND}' },
});
`;
}
