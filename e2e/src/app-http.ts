import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from '@bpkit/http';
import { REPO_ROOT } from './workspace.ts';

/** The sample apps: `e2e/apps/<name>`. */
export const APPS = join(REPO_ROOT, 'e2e', 'apps');

/** GET `url` from a pushed app: status and body. */
export async function httpGet(url: string): Promise<{ status: number; text: string }> {
  const res = await get(url);
  return { status: res.status, text: await res.text() };
}

/** The body of a 200 answer; any other status fails the test with what the app said. */
export async function okBody(url: string): Promise<string> {
  const { status, text } = await httpGet(url);
  if (status !== 200) throw new Error(`GET ${url} answered ${status}: ${text}`);
  return text;
}

/** A copy of an e2e app (`e2e/apps/<name>`), with extra or replaced files, so a test never edits the repository. */
export async function copyApp(name: string, files: Record<string, string> = {}): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), `bpkit-${name}-`)), name);
  await cp(join(APPS, name), dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  return dir;
}
