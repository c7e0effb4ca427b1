import { createHash, randomUUID } from 'node:crypto';

/** What the local platform knows about a pushed app: the subset of a CC app that staging and launch read. */
export interface App {
  name: string;
  guid: string;
  stack: string;
  memoryMb: number;
  diskMb: number;
  /** `cf set-env` / manifest `env:`; applied at staging and at runtime, below the platform's own variables. */
  env: Record<string, string>;
  /** VCAP_SERVICES as CC renders it. */
  services: Record<string, unknown>;
  uris: string[];
}

// The stack list lives in @bpkit/stacks; re-exported so the platform's callers need one import.
export { DEFAULT_STACK } from '@bpkit/stacks';

/** A stable fake GUID per app name, so restaging the same app keeps its identity (and its cache). */
export function appGuid(name: string): string {
  const h = createHash('sha256').update(`bpkit-app:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const LOCAL_ORG = { name: 'local', guid: 'b9f5e3a2-0c11-4f5e-9d1b-6f2a8c0d1e01' };
export const LOCAL_SPACE = { name: 'local', guid: '5c1d8e7f-2a3b-4c4d-8e5f-6a7b8c9d0e02' };

/** The VCAP_APPLICATION CC builds for staging (lib/vcap/vars_builder.rb); runtime adds process fields. */
export function vcapApplication(app: App, runtime?: { processType: string; processGuid: string }): Record<string, unknown> {
  const version = randomUUID();
  const base: Record<string, unknown> = {
    cf_api: 'http://127.0.0.1',
    limits: { fds: 16384, mem: app.memoryMb, disk: app.diskMb },
    application_name: app.name,
    application_uris: app.uris,
    name: app.name,
    space_name: LOCAL_SPACE.name,
    space_id: LOCAL_SPACE.guid,
    organization_id: LOCAL_ORG.guid,
    organization_name: LOCAL_ORG.name,
    uris: app.uris,
    users: null,
    application_id: app.guid,
    version,
    application_version: version,
  };
  if (!runtime) return base;
  // At runtime CC drops `users` and adds the process identity.
  const { users: _users, ...rest } = base;
  return { ...rest, process_id: runtime.processGuid, process_type: runtime.processType };
}
