// The app's log as `cf logs` serves it: staging (STG), cell (CELL), API and app (APP/PROC/WEB/<i>) lines, already
// formatted, appended to `<app>/logs/app.log` by whichever process produced them. Loggregator keeps a bounded
// buffer; here the file is rotated once it passes a size, keeping one previous file for `--recent`.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cfTimestamp } from './app-log.ts';
import { appStateDir } from './stage-app.ts';

const ROTATE_BYTES = 4 << 20;
/** How many lines `cf logs --recent` shows at most (Log Cache's default page). */
export const RECENT_LINES = 1000;

export function appLogPath(dataDir: string, appName: string): string {
  return join(appStateDir(dataDir, appName), 'logs', 'app.log');
}

/** An append stream to the app's log, rotating first when it is over the size limit. */
export async function openAppLog(dataDir: string, appName: string): Promise<WriteStream> {
  const path = appLogPath(dataDir, appName);
  await mkdir(join(path, '..'), { recursive: true });
  const size = await stat(path).then((s) => s.size, () => 0);
  if (size > ROTATE_BYTES) await rename(path, `${path}.1`).catch(() => undefined);
  return createWriteStream(path, { flags: 'a' });
}

/** One line from the platform itself (`[CELL/0] OUT …`, `[API/0] OUT …`). */
export function platformLine(source: string, text: string): string {
  return `   ${cfTimestamp()} [${source}] OUT ${text}\n`;
}

/** The last `limit` lines of the log, the rotated file included. */
export async function recentLogs(dataDir: string, appName: string, limit = RECENT_LINES): Promise<string> {
  const path = appLogPath(dataDir, appName);
  const text = (await readFile(`${path}.1`, 'utf8').catch(() => '')) + (await readFile(path, 'utf8').catch(() => ''));
  const lines = text.split('\n').filter((l) => l !== '');
  return lines.slice(-limit).map((l) => `${l}\n`).join('');
}

/** Where the log ends now: what `followLogs` starts from. */
export function logEnd(dataDir: string, appName: string): Promise<number> {
  return stat(appLogPath(dataDir, appName)).then((s) => s.size, () => 0);
}

/**
 * Streams what is appended to the log after `from` (`cf logs APP`) until `signal` aborts. Polls: the writers are
 * other processes, and a rotation swaps the file underneath.
 */
export async function followLogs(dataDir: string, appName: string, from: number, write: (text: string) => void, signal: AbortSignal): Promise<void> {
  const path = appLogPath(dataDir, appName);
  let offset = from;
  while (!signal.aborted) {
    const size = await stat(path).then((s) => s.size, () => 0);
    if (size < offset) offset = 0; // rotated
    if (size > offset) {
      const file = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(size - offset);
        const { bytesRead } = await file.read(buffer, 0, buffer.length, offset);
        offset += bytesRead;
        write(buffer.subarray(0, bytesRead).toString());
      } finally {
        await file.close();
      }
    }
    await sleep(200, undefined, { signal }).catch(() => undefined);
  }
}
