// VCAP_SERVICES as Cloud Controller renders an app's bindings (SystemEnvPresenter): bindings grouped under their
// instance's label, `user-provided` for user-provided instances, in binding order. Each entry is CC's
// ServiceBindingPresenter hash reverse-merged into ServiceInstancePresenter's, so the instance's keys come
// first: label, name, tags, then instance_guid, instance_name, binding_guid, binding_name, credentials,
// syslog_drain_url, volume_mounts.
import { createHash } from 'node:crypto';
import type { AppRecord } from './app-store.ts';
import { type ServiceInstance, ServiceStore } from './service-store.ts';

/** A stable GUID for the binding of one instance to one app, so restaging keeps it. */
export function bindingGuid(appGuid: string, instanceGuid: string): string {
  const h = createHash('sha256').update(`bpkit-binding:${appGuid}:${instanceGuid}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The VCAP_SERVICES object for an app bound to `instances` (in binding order); `{}` when there are none. */
export function vcapServices(instances: readonly ServiceInstance[], appGuid: string): Record<string, unknown> {
  const services: Record<string, unknown[]> = {};
  for (const instance of instances) {
    const label = 'user-provided';
    (services[label] ??= []).push({
      label,
      // A binding without a name is presented under its instance's name.
      name: instance.name,
      tags: instance.tags,
      instance_guid: instance.guid,
      instance_name: instance.name,
      binding_guid: bindingGuid(appGuid, instance.guid),
      binding_name: null,
      credentials: instance.credentials,
      syslog_drain_url: instance.syslogDrainUrl ?? null,
      volume_mounts: [],
    });
  }
  return services;
}

/**
 * The instances an app record binds, in binding order. A bound name whose instance no longer exists is skipped,
 * and a name listed twice counts once.
 */
export async function boundServices(dataDir: string, record: Pick<AppRecord, 'services'>): Promise<ServiceInstance[]> {
  const byName = new Map((await new ServiceStore(dataDir).list()).map((i) => [i.name, i]));
  const bound: ServiceInstance[] = [];
  for (const name of new Set(record.services)) {
    const instance = byName.get(name);
    if (instance) bound.push(instance);
  }
  return bound;
}
