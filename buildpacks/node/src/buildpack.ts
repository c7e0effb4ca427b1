import { defineBuildpack, detect } from '@bpkit/buildpack';
import type { PackageManagerTool } from './package-manager-tool.ts';
import type { InstallPlan } from './package-manager.ts';

/** What supply hands finalize: the Node it installed, the package manager the lockfile named and how to run it, and where the app is. */
export type NodeConfig = {
  NodeVersion: string;
  NodeVersionSource: string;
  PackageManager: PackageManagerTool;
  InstallPlan: InstallPlan;
  /** NODE_PROJECT_PATH as supply validated it (`.`: the pushed directory is the app). */
  ProjectPath: string;
};

/**
 * CF's nodejs buildpack: any app with a package.json. Detect is compiled to sh (no Node starts);
 * release defaults to `npm start`, and finalize replaces it when OPTIMIZE_MEMORY=true.
 */
export default defineBuildpack<NodeConfig>({
  // A workspace member named by NODE_PROJECT_PATH holds the package.json (a pnpm monorepo's root may have none).
  detect: detect.when(detect.envPath('NODE_PROJECT_PATH', '.', '/package.json'), 'node.js {version}'),
  release: { web: 'npm start' },
});
