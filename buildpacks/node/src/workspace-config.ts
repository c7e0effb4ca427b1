import { join } from 'node:path';
import { BuildpackError, readOptionalFile, readYamlFile } from '@bpkit/buildpack';
import { isFile } from '@bpkit/fs';
import { EXIT } from './exit-codes.ts';

/** Where a directory declares itself a workspace root, and the member globs it lists. */
export interface WorkspaceConfig {
  /** `package.json workspaces` (npm, Yarn classic and Berry) or `pnpm-workspace.yaml` (pnpm). */
  source: 'package.json workspaces' | 'pnpm-workspace.yaml';
  /** Globs relative to the root; `!` negates. */
  patterns: string[];
}

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v): v is string => typeof v === 'string') ? value : undefined;

/**
 * package.json's `workspaces`, in both forms the package managers accept: an array of globs, or Yarn classic's
 * `{ packages: [...], nohoist: [...] }` (the object form CF's own parsing broke on, nodejs-buildpack #187).
 */
export function workspacesField(pkg: unknown): string[] | undefined {
  if (!pkg || typeof pkg !== 'object') return undefined;
  const field = (pkg as Record<string, unknown>)['workspaces'];
  if (Array.isArray(field)) return strings(field);
  if (field && typeof field === 'object') return strings((field as Record<string, unknown>)['packages']);
  return undefined;
}

/**
 * The workspace declaration of `dir`, if it is a workspace root. pnpm reads only pnpm-workspace.yaml, so that
 * file wins when both exist. An unparsable declaration is the user's to fix: staging the whole monorepo as one
 * app instead would be a surprise.
 */
export async function readWorkspaceConfig(dir: string): Promise<WorkspaceConfig | undefined> {
  const pnpmFile = join(dir, 'pnpm-workspace.yaml');
  if (await isFile(pnpmFile)) {
    let doc: unknown;
    try {
      doc = await readYamlFile(pnpmFile);
    } catch (err) {
      throw new BuildpackError(`Unable to read pnpm-workspace.yaml: ${(err as Error).message}`, { exitCode: EXIT.packageJson, cause: err });
    }
    const patterns = doc && typeof doc === 'object' ? strings((doc as Record<string, unknown>)['packages']) : undefined;
    if (patterns) return { source: 'pnpm-workspace.yaml', patterns };
  }
  const text = await readOptionalFile(join(dir, 'package.json'));
  if (text === undefined) return undefined;
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return undefined; // the app's own package.json is parsed (and its error shown) by readPackageJson
  }
  const patterns = workspacesField(pkg);
  return patterns ? { source: 'package.json workspaces', patterns } : undefined;
}
