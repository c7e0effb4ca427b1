// `cf app NAME`'s body (also what `cf push`, `start` and `restart` end with): the app's record and droplet,
// then one row per instance from its supervisor's status.
import type { AppRecord } from './app-store.ts';
import type { AppStatus } from './instance-status.ts';

/** cf's table layout: columns padded to the widest cell plus three spaces, trailing blanks trimmed. */
export function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd((widths[i] ?? 0) + 3)).join('').trimEnd());
}

/** The app's routes as URLs: instance 0's port (the others are reachable on their own ports). */
export function routes(record: AppRecord): string {
  if (record.noRoute || record.ports.length === 0) return '';
  return `http://127.0.0.1:${record.ports[0]}`;
}

/** Counts cf shows as `instances: 1/2`: running over desired. */
export function runningCount(record: AppRecord, status: AppStatus | undefined): number {
  return (status?.instances ?? []).filter((i) => i.index < record.instances && i.state === 'running').length;
}

export function appSummary(record: AppRecord, status: AppStatus | undefined, running: boolean): string {
  const droplet = record.droplet;
  const startCommand = record.command ?? droplet?.webCommand ?? '';
  const instances = (status?.instances ?? []).filter((i) => i.index < record.instances);
  const rows = instances.map((i) => [`#${i.index}`, i.state, i.since, i.state === 'running' ? `http://127.0.0.1:${i.port}` : (i.lastCrash ?? '')]);
  return (
    [
      `name:              ${record.name}`,
      `requested state:   ${running ? 'started' : 'stopped'}`,
      `routes:            ${routes(record)}`,
      `last uploaded:     ${droplet?.stagedAt ?? ''}`,
      `stack:             ${record.stack}`,
      'buildpacks:',
      ...table([['name', 'version', 'detect output', 'buildpack name'], ...(droplet?.buildpacks ?? [])]).map((l) => `\t${l}`),
      '',
      'type:            web',
      `instances:       ${runningCount(record, status)}/${record.instances}`,
      `memory usage:    ${record.memoryMb}M`,
      `start command:   ${startCommand}`,
      ...(rows.length > 0 ? table([['', 'state', 'since', 'details'], ...rows]) : ['There are no running instances of this process.']),
      '',
    ].join('\n') + '\n'
  );
}
