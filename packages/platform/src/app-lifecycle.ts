// What `cf stop`, `start`, `restart`, `scale`, `delete` and the env commands change, under the app's lock, with
// the audit event CC records for each. Printing is the CLI's.
import { recordEvent } from './app-events.ts';
import { type AppRecord, AppStore } from './app-store.ts';
import { assignPorts } from './push.ts';
import { reloadSupervisor, stopSupervisor, supervisorPid } from './supervisor-control.ts';

/** Whether the app runs now: requested started and its supervisor alive (after a reboot it is not). */
export async function isRunning(dataDir: string, record: AppRecord): Promise<boolean> {
  return record.requestedState === 'started' && (await supervisorPid(dataDir, record.name)) !== undefined;
}

export async function stopApp(dataDir: string, name: string): Promise<void> {
  await stopSupervisor(dataDir, name);
  await new AppStore(dataDir).update(name, (r) => r && { ...r, requestedState: 'stopped' });
  await recordEvent(dataDir, name, 'audit.app.stop');
}

/** New instance count (and limits): a running app's supervisor starts or stops instances to match. */
export async function scaleApp(dataDir: string, name: string, changes: { instances?: number; memoryMb?: number; diskMb?: number }): Promise<AppRecord> {
  const store = new AppStore(dataDir);
  const current = await store.require(name);
  const resized = { ...current, ...changes };
  const ports = await assignPorts(resized);
  const record = (await store.update(name, (r) => r && { ...r, ...changes, ports: [...ports, ...r.ports.slice(ports.length)] })) as AppRecord;
  if (record.requestedState === 'started') await reloadSupervisor(dataDir, name);
  const parts = Object.entries(changes).map(([k, v]) => `${k}: ${v}`);
  await recordEvent(dataDir, name, 'audit.app.process.scale', parts.join(', '));
  return record;
}

export async function deleteApp(dataDir: string, name: string): Promise<void> {
  await stopSupervisor(dataDir, name);
  await new AppStore(dataDir).delete(name);
}

/** set-env (value) or unset-env (undefined); false when unset-env finds nothing to remove. */
export async function setAppEnv(dataDir: string, name: string, key: string, value: string | undefined): Promise<boolean> {
  let changed = true;
  await new AppStore(dataDir).update(name, (r) => {
    if (!r) return undefined;
    const env = { ...r.env };
    if (value === undefined) {
      changed = key in env;
      delete env[key];
    } else env[key] = value;
    return { ...r, env };
  });
  if (changed) await recordEvent(dataDir, name, 'audit.app.update', value === undefined ? `environment_variables: unset ${key}` : `environment_variables: set ${key}`);
  return changed;
}
