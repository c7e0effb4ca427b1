import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDirectory, isFile } from '@bpkit/fs';
import type { ProjectLayout } from './package-manager.ts';

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'] as const;

const readIfExists = (path: string): Promise<string | undefined> => readFile(path, 'utf8').catch(() => undefined);

export interface AppFiles {
  layout: ProjectLayout;
  nvmrc: string | undefined;
  nodeVersion: string | undefined;
}

/** The files of the pushed app that steer version and package-manager choice, read in parallel. */
export async function readAppFiles(buildDir: string, packageManager: string | undefined): Promise<AppFiles> {
  const [nvmrc, nodeVersion, yarnrcYml, vendoredNodeModules, present] = await Promise.all([
    readIfExists(join(buildDir, '.nvmrc')),
    readIfExists(join(buildDir, '.node-version')),
    readIfExists(join(buildDir, '.yarnrc.yml')),
    isDirectory(join(buildDir, 'node_modules')),
    Promise.all(LOCKFILES.map((f) => isFile(join(buildDir, f)))),
  ]);
  const files: ProjectLayout['files'] = {};
  LOCKFILES.forEach((f, i) => {
    if (present[i]) files[f] = true;
  });
  return { layout: { files, yarnrcYml, vendoredNodeModules, packageManager }, nvmrc, nodeVersion };
}
