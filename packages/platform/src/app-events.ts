// `cf events`: what happened to an app, newest first. CC keeps audit events in its database; here they are
// lines of JSON appended to `<app>/events.jsonl` (appends of one short line are atomic, so processes never lock).
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appStateDir } from './stage-app.ts';

export interface AppEvent {
  time: string;
  /** CC's event type: audit.app.create, audit.app.start, app.crash, … */
  event: string;
  actor: string;
  description: string;
}

const eventsFile = (dataDir: string, appName: string): string => join(appStateDir(dataDir, appName), 'events.jsonl');

export async function recordEvent(dataDir: string, appName: string, event: string, description = '', actor = 'vcap'): Promise<void> {
  const line: AppEvent = { time: new Date().toISOString(), event, actor, description };
  await mkdir(appStateDir(dataDir, appName), { recursive: true });
  await appendFile(eventsFile(dataDir, appName), `${JSON.stringify(line)}\n`);
}

/** Newest first, as `cf events` lists them. */
export async function readEvents(dataDir: string, appName: string): Promise<AppEvent[]> {
  const text = await readFile(eventsFile(dataDir, appName), 'utf8').catch(() => '');
  const events: AppEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as AppEvent);
    } catch {
      // A line cut short by a crash mid-append is skipped, not fatal.
    }
  }
  return events.reverse();
}
