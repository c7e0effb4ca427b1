import type { BuildpackNames } from '../buildpack-name.ts';

/** Both kinds' READMEs end with how to build, test, package and push it. */
function commands(n: BuildpackNames): string {
  return `\`\`\`
pnpm --filter ${n.packageName} build       # -> build/, the buildpack directory
pnpm --filter ${n.packageName} test
bpkit package ${n.name} --cached           # -> ${n.name}_buildpack-cached-v0.1.0.zip
bpkit create-buildpack ${n.registeredName} buildpacks/${n.name}/${n.name}_buildpack-cached-v0.1.0.zip 1
bpkit push ${n.sampleApp}
\`\`\`

The conformance kit (\`tooling/conformance\`) checks this buildpack with every \`pnpm test\`; an app for
its supply rule can go in \`conformance/app/\`.
`;
}

export function readmeMd(n: BuildpackNames): string {
  return `# ${n.packageName}

A Cloud Foundry buildpack on the bpkit core, scaffolded by \`bpkit new ${n.name}\`. Replace this README as
the buildpack grows.

- **detect** and **release** (\`src/buildpack.ts\`, compiled to sh): apps with a \`${n.marker}\` match and print
  \`${n.name}\`; the web process is \`python3 -m http.server "$PORT"\` (python3 is on the stack).
- **supply** (\`src/supply.ts\`): installs \`node\` from manifest.yml (the default, or the version
  \`$${n.nodeVersionVariable}\` asks for) onto the PATH of later buildpacks and of the app, and exports
  \`${n.messageVariable}\`, the first line of \`${n.marker}\`, to later buildpacks (\`deps/<idx>/env\`) and to the app
  at launch (\`deps/<idx>/profile.d/${n.name}.sh\`). It returns these; the core writes \`deps/<idx>\`.
- **finalize** (\`src/finalize.ts\`): reads what supply chose (\`ctx.supplied\`), warns when there is no \`index.html\`.
- **exit codes** (\`src/exit-codes.ts\`): \`16\` when node cannot be chosen or installed.
- **manifest.yml**: \`language: ${n.name}\` and the Node.js the bootstrap runs supply and finalize on.

This is the *code* kind (\`bpkit new ${n.name}\`): supply and finalize are functions, for a buildpack that must
compute at staging time: read the app, choose versions, install dependencies, run tools. A buildpack whose
contributions are static (environment, launch environment, profile.d scripts) can be a declaration alone, with
no Node at all: \`bpkit new NAME --kind declarative\` shows one.

${commands(n)}`;
}

export function declarativeReadmeMd(n: BuildpackNames): string {
  return `# ${n.packageName}

A Cloud Foundry buildpack on the bpkit core, scaffolded by \`bpkit new ${n.name} --kind declarative\`. Replace this
README as the buildpack grows.

The whole buildpack is \`src/buildpack.ts\`, a declaration. It has no \`src/supply.ts\` or \`src/finalize.ts\`, so
\`bpkit-bundle\` compiles every phase to POSIX sh: the buildpack ships no Node (no \`lib/\`, no bootstrap) and staging
starts none; \`manifest.yml\` lists nothing to download.

- **detect** (sh): apps with a \`${n.marker}\` match and print \`${n.name}\`.
- **supply** (sh): prints \`-----> ${n.title} Buildpack version 0.1.0\` and writes \`supplies\` into \`deps/<idx>\`:
  \`env/${n.messageVariable}\` for later buildpacks' staging; \`profile.d/${n.name}-launch-env.sh\` from \`launchEnv\`
  (\`${n.messageVariable}\`, and \`${n.appDirVariable}\`, \`$HOME\` expanded when the app starts); \`profile.d/${n.name}.sh\`,
  which sets \`${n.textVariable}\` to the first line of the app's \`${n.marker}\` at launch; and \`config.yml\`.
- **finalize** (sh): copies every \`deps/<idx>/profile.d\` script into the app's \`profile.d\` and writes
  \`000_multi-supply.sh\`, so earlier buildpacks' \`bin\`/\`lib\` are on the app's PATH.
- **release** (sh): \`web: python3 -m http.server "$PORT"\` (python3 is on the stack).

## Declarative or code

Keep it declarative while what it contributes is static: detect rules, environment and launch environment
values, profile.d scripts (sh that runs at launch), default process types. Such a buildpack stages as fast as a
hand-written sh one and needs no Node on the stack, cached zip or not.

Write code (\`src/supply.ts\`, \`src/finalize.ts\`: \`bpkit new NAME --kind code\` shows both) for anything that must be
computed at staging time: reading the app's files, choosing a version, installing dependencies from
\`manifest.yml\`, running tools. The bootstrap then runs those phases on Node, which \`manifest.yml\` must list
(the code kind copies the workspace's entry); detect and release stay compiled from this declaration.

${commands(n)}`;
}
