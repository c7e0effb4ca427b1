import type { BuildpackNames } from '../buildpack-name.ts';

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

\`\`\`
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
