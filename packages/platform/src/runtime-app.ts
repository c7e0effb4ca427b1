import type { App } from './app.ts';
import type { AppRecord } from './app-store.ts';
import { boundServices, vcapServices } from './vcap-services.ts';

/** What staging and launch read of an app, from its record: services rendered as CC renders VCAP_SERVICES. */
export async function runtimeApp(dataDir: string, record: AppRecord): Promise<App> {
  return {
    name: record.name,
    guid: record.guid,
    stack: record.stack,
    memoryMb: record.memoryMb,
    diskMb: record.diskMb,
    env: { ...record.env, ...record.pushEnv },
    services: vcapServices(await boundServices(dataDir, record), record.guid),
    uris: record.noRoute ? [] : record.ports.map((p) => `127.0.0.1:${p}`),
  };
}
