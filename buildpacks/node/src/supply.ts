import { delimiter, join } from 'node:path';
import { BuildpackError, type SupplyFn } from '@bpkit/buildpack';
import { installNode } from './install-node.ts';
import { chooseNodeVersion } from './node-version.ts';
import { readPackageJson } from './package-json.ts';
import { choosePackageManager } from './package-manager.ts';
import { providePackageManager } from './package-manager-tool.ts';
import { readAppFiles } from './project-layout.ts';
import { writeRuntimeEnvironment } from './runtime-environment.ts';

/**
 * nodejs-buildpack's supply: choose and install Node (with npm) and the package manager the lockfile names,
 * and write the runtime environment. Everything lands in deps/<idx>, so this also serves as a non-final
 * buildpack; the app's dependencies are built by finalize, which may change the app directory.
 */
const supply: SupplyFn = async (ctx) => {
  const { buildDir, log } = ctx;
  log.beginStep('Installing binaries');
  const pkg = await readPackageJson(buildDir);
  if (pkg.engines.iojs) throw new BuildpackError('Unable to install node: io.js not supported by this buildpack', { exitCode: 14 });
  log.info(`engines.node (package.json): ${pkg.engines.node ?? 'unspecified'}`);
  log.info(`engines.npm (package.json): ${pkg.engines.npm ?? 'unspecified (use default)'}`);
  const app = await readAppFiles(buildDir, pkg.packageManager);

  const deps = await ctx.dependencies();
  const choice = chooseNodeVersion({ engines: pkg.engines.node, nvmrc: app.nvmrc, nodeVersion: app.nodeVersion }, deps.versions('node'), () => {
    try {
      return deps.manifest.defaultVersion('node', ctx.stack).version;
    } catch (err) {
      throw new BuildpackError(`Unable to install node: ${(err as Error).message}`, { exitCode: 14, cause: err });
    }
  });
  for (const w of choice.warnings) log.warning(w);
  log.info(`Node.js ${choice.version} chosen by ${choice.source}${choice.requested !== undefined ? `: ${choice.requested}` : ''}`);

  const node = await installNode(ctx, deps, choice.version);
  const plan = choosePackageManager(app.layout);
  for (const w of plan.warnings) log.warning(w);
  const env = { ...process.env, PATH: [join(ctx.depDir, 'bin'), process.env['PATH']].filter(Boolean).join(delimiter) };
  const tool = await providePackageManager(ctx, deps, plan, pkg, node, env);

  log.beginStep('Creating runtime environment');
  const added = await writeRuntimeEnvironment(ctx, Number(choice.version.split('.')[0]));
  const all: Record<string, string | undefined> = { ...env, ...added };
  for (const [k, v] of Object.entries(all).sort(([a], [b]) => a.localeCompare(b))) {
    if (/^(NPM_CONFIG_|YARN_|NODE_)/.test(k) && k !== 'NODE_EXTRA_CA_CERTS' && k !== 'NODE_OPTIONS') log.info(`${k}=${v ?? ''}`);
  }
  if (all['NPM_CONFIG_PRODUCTION'] === 'true' && (all['NODE_ENV'] ?? 'production') !== 'production') {
    log.info(`npm scripts will see NODE_ENV=production (not '${all['NODE_ENV']}')\nhttps://docs.npmjs.com/misc/config#production`);
  }

  return {
    config: {
      NodeVersion: choice.version,
      NodeVersionSource: choice.source,
      PackageManager: { ...tool },
    },
  };
};

export default supply;
