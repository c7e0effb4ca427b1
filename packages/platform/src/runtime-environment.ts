import { type App, vcapApplication } from './app.ts';

export interface RuntimeEnvironmentOptions {
  stackPath: string;
  port: number;
  instanceIndex: number;
  instanceGuid: string;
  processType: string;
  processGuid: string;
}

/**
 * The LRP environment Diego starts the launcher with (CC diego/environment.rb; later wins): app env, then
 * VCAP_APPLICATION and MEMORY_LIMIT, VCAP_SERVICES, then the container's own variables. The launcher itself
 * adds HOME, TMPDIR, DEPS_DIR and enriches VCAP_APPLICATION. No CF_STACK at runtime.
 */
export function runtimeEnvironment(app: App, options: RuntimeEnvironmentOptions): Record<string, string> {
  const port = String(options.port);
  return {
    ...app.env,
    VCAP_APPLICATION: JSON.stringify(
      vcapApplication(app, { processType: options.processType, processGuid: options.processGuid }),
    ),
    MEMORY_LIMIT: `${app.memoryMb}m`,
    VCAP_SERVICES: JSON.stringify(app.services),
    PORT: port,
    VCAP_APP_PORT: port,
    VCAP_APP_HOST: '0.0.0.0',
    LANG: 'en_US.UTF-8',
    INSTANCE_GUID: options.instanceGuid,
    INSTANCE_INDEX: String(options.instanceIndex),
    CF_INSTANCE_GUID: options.instanceGuid,
    CF_INSTANCE_INDEX: String(options.instanceIndex),
    CF_INSTANCE_IP: '127.0.0.1',
    CF_INSTANCE_INTERNAL_IP: '127.0.0.1',
    CF_INSTANCE_PORT: port,
    CF_INSTANCE_ADDR: `127.0.0.1:${port}`,
    CF_INSTANCE_PORTS: JSON.stringify([{ external: options.port, internal: options.port }]),
    USER: 'vcap',
    PATH: options.stackPath,
  };
}
