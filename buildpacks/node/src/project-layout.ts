import { join } from 'node:path';
import { readOptionalFile } from '@bpkit/buildpack';
import { isDirectory, isFile } from '@bpkit/fs';
import type { ProjectLayout } from './package-manager.ts';

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'] as const;

export interface AppFiles {
  layout: ProjectLayout;
  nvmrc: string | undefined;
  nodeVersion: string | undefined;
}

/** The files of the pushed app that steer version and package-manager choice, read in parallel. */
export async function readAppFiles(buildDir: string, packageManager: string | undefined): Promise<AppFiles> {
  const [nvmrc, nodeVersion, yarnrcYml, vendoredNodeModules, present] = await Promise.all([
    readOptionalFile(join(buildDir, '.nvmrc')),
    readOptionalFile(join(buildDir, '.node-version')),
    readOptionalFile(join(buildDir, '.yarnrc.yml')),
    isDirectory(join(buildDir, 'node_modules')),
    Promise.all(LOCKFILES.map((f) => isFile(join(buildDir, f)))),
  ]);
  const files: ProjectLayout['files'] = {};
  LOCKFILES.forEach((f, i) => {
    if (present[i]) files[f] = true;
  });
  return { layout: { files, yarnrcYml, vendoredNodeModules, packageManager }, nvmrc, nodeVersion };
}
