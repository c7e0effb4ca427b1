import { type App, vcapApplication } from './app.ts';

export interface StagingEnvironmentOptions {
  /** Directory of the stack's tools: the only PATH buildpacks get. */
  stackPath: string;
  home: string;
  /** The local platform's Node runtime for buildpack bootstraps (BPKIT_NODE); see README "Node for bootstraps". */
  bootstrapNode?: string;
  /** Variables from the platform operator's side (e.g. BPKIT_DEPENDENCY_MIRROR), below the app's own. */
  platformEnv?: Record<string, string>;
  stagingMemoryMb?: number;
}

/**
 * The environment buildpack scripts see, in CC's precedence (staging_environment_builder.rb; later wins):
 * staging group, app env, CF_STACK, VCAP_APPLICATION + MEMORY_LIMIT, VCAP_SERVICES; Diego's own variables on top.
 * There is deliberately no PORT, TMPDIR, INSTANCE_* or VCAP_APP_* at staging.
 */
export function stagingEnvironment(app: App, options: StagingEnvironmentOptions): Record<string, string> {
  const memory = Math.max(app.memoryMb, options.stagingMemoryMb ?? 1024);
  const env: Record<string, string> = {
    ...(options.platformEnv ?? {}),
    ...app.env,
    CF_STACK: app.stack,
    VCAP_APPLICATION: JSON.stringify(vcapApplication(app)),
    MEMORY_LIMIT: `${memory}m`,
    VCAP_SERVICES: JSON.stringify(app.services),
    // Diego's container variables: CF_INSTANCE_ADDR and CF_INSTANCE_PORT are present but empty at staging.
    LANG: 'en_US.UTF-8',
    CF_INSTANCE_IP: '127.0.0.1',
    CF_INSTANCE_INTERNAL_IP: '127.0.0.1',
    CF_INSTANCE_PORTS: '[]',
    CF_INSTANCE_ADDR: '',
    CF_INSTANCE_PORT: '',
    HOME: options.home,
    USER: 'vcap',
    PATH: options.stackPath,
  };
  if (options.bootstrapNode) env.BPKIT_NODE = options.bootstrapNode;
  return env;
}
