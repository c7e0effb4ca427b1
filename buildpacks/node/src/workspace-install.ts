import { BuildpackError } from '@bpkit/buildpack';
import { EXIT } from './exit-codes.ts';
import type { InstallPlan } from './package-manager.ts';
import type { Workspace } from './workspace.ts';

/**
 * The install command narrowed to one member and the workspace packages it depends on, run at the workspace
 * root against its lockfile: `npm ci --workspace <dir>`, `pnpm install --filter {<dir>}...` (the lockfile's
 * importers for that closure only, as `pnpm deploy` takes them) and `yarn workspaces focus <name>` (Yarn 2+;
 * built in from Yarn 4). Yarn classic has no such command: it installs every member, and pruning removes the
 * rest afterwards. A vendored node_modules (`npm rebuild`) is rebuilt as pushed.
 */
export function narrowInstall(plan: InstallPlan, args: string[], workspace: Workspace, production: boolean): string[] {
  const { member } = workspace;
  switch (plan.manager) {
    case 'npm':
      return plan.command === 'rebuild' ? args : [...args, '--workspace', member.path];
    case 'pnpm':
      return [...args, '--filter', `{./${member.path}}...`];
    case 'yarn':
      if (plan.flavor === 'classic') return args;
      if (!member.name) {
        throw new BuildpackError(`Unable to build dependencies: ${member.path}/package.json has no name, which \`yarn workspaces focus\` needs`, {
          exitCode: EXIT.buildDependencies,
        });
      }
      return ['workspaces', 'focus', member.name, ...(production ? ['--production'] : [])];
  }
}
