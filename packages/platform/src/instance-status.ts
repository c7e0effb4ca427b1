// What the supervisor of an app reports about its instances (Diego's actual LRPs), read by `apps`, `app` and by
// `push`/`start` waiting for the app to come up: `<app>/status.json`, replaced whole on every change.
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appStateDir } from './stage-app.ts';

/** cf app's instance states. */
export type InstanceState = 'starting' | 'running' | 'crashed' | 'down';

export interface InstanceStatus {
  index: number;
  state: InstanceState;
  port: number;
  /** The launcher's pid while the instance runs: what a supervisor killed with -9 leaves behind. */
  pid?: number;
  since: string;
  crashCount: number;
  /** The last crash's exit description (`APP/PROC/WEB: Exited with status 1`). */
  lastCrash?: string;
}

export interface AppStatus {
  supervisorPid: number;
  instances: InstanceStatus[];
}

const statusFile = (dataDir: string, appName: string): string => join(appStateDir(dataDir, appName), 'status.json');

export async function readStatus(dataDir: string, appName: string): Promise<AppStatus | undefined> {
  try {
    return JSON.parse(await readFile(statusFile(dataDir, appName), 'utf8')) as AppStatus;
  } catch {
    return undefined;
  }
}

export async function writeStatus(dataDir: string, appName: string, status: AppStatus): Promise<void> {
  const path = statusFile(dataDir, appName);
  const tmp = `${path}.${randomBytes(4).toString('hex')}`;
  await writeFile(tmp, `${JSON.stringify(status, null, 2)}\n`);
  await rename(tmp, path);
}
