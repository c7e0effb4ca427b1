import type { BuildpackNames } from '../buildpack-name.ts';

export function buildpackTs(n: BuildpackNames): string {
  return `import { defineBuildpack, detect } from '@bpkit/buildpack';

/**
 * The ${n.name} buildpack. Detect is declarative, so bpkit-bundle compiles it to sh and no Node starts
 * for it: apps with a ${n.marker} match and the builder shows "${n.name}". Supply (src/supply.ts)
 * exports ${n.messageVariable}; finalize (src/finalize.ts) serves the app with python3.
 */
export default defineBuildpack({
  detect: detect.when(detect.file('${n.marker}'), '${n.name}'),
});
`;
}

export function supplyTs(n: BuildpackNames): string {
  return `import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SupplyContext, SupplyResult } from '@bpkit/buildpack';

export const DEFAULT_MESSAGE = 'Hello from the ${n.name} buildpack';

/** POSIX single quotes: the message is the app's text and must reach the shell unchanged. */
function shQuote(value: string): string {
  return \`'\${value.replace(/'/g, \`'\\\\''\`)}'\`;
}

/**
 * Exports ${n.messageVariable} (the first line of the app's ${n.marker}) to later buildpacks at staging
 * (deps/<idx>/env) and to the app at launch (deps/<idx>/profile.d). Like every supply it writes only
 * inside deps/<idx>: the app directory belongs to the final buildpack.
 */
export default async function supply(ctx: SupplyContext): Promise<SupplyResult> {
  const text = await readFile(join(ctx.buildDir, '${n.marker}'), 'utf8').catch(() => '');
  const message = text.split('\\n')[0]?.trim() || DEFAULT_MESSAGE;
  ctx.log.beginStep('Setting ${n.messageVariable}');
  ctx.log.info(message);
  await ctx.deps.writeEnvFile('${n.messageVariable}', message);
  await ctx.deps.writeProfileD('${n.name}.sh', \`export ${n.messageVariable}=\${shQuote(message)}\\n\`);
  return { config: { message } };
}
`;
}

export function finalizeTs(): string {
  return `import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { FinalizeContext, FinalizeResult } from '@bpkit/buildpack';

/** CF stacks ship python3 (and no node, ruby or go): it serves the app directory, the launcher's cwd. */
export const WEB_COMMAND = 'python3 -m http.server "$PORT"';

export default async function finalize(ctx: FinalizeContext): Promise<FinalizeResult> {
  ctx.log.beginStep('Serving the app with python3 -m http.server');
  const hasIndex = await access(join(ctx.buildDir, 'index.html')).then(
    () => true,
    () => false,
  );
  if (!hasIndex) ctx.log.warning('The app has no index.html: the server will list its files');
  return { processes: { web: WEB_COMMAND } };
}
`;
}
