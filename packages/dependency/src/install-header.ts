import type { Logger } from '@bpkit/log';

/** libbuildpack's `-----> Installing NAME VERSION`, then why that version, when the caller knows. */
export function logInstallHeader(log: Logger, dep: { name: string; version: string }, reason: string | undefined): void {
  log.beginStep(`Installing ${dep.name} ${dep.version}`);
  if (reason) log.info(`Chosen by ${reason}`);
}
