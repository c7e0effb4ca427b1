export type HealthCheckType = 'port' | 'process' | 'http';

/** A `((var))` value: what a vars file or `--var` holds once read as YAML. */
export type VarValue = string | number | boolean | null | VarValue[] | { [key: string]: VarValue };

/** Variables for `((name))` interpolation, by name. */
export type ManifestVars = Record<string, VarValue>;

/** One entry of `applications:`, with the attributes bpkit stages and runs with. */
export interface ManifestApp {
  /** '' only for a single-app manifest without `name:`, which `cf push APP_NAME` names (see applyPushFlags). */
  name: string;
  /** Absolute, resolved against the manifest's directory. */
  path?: string;
  /** `[]` means autodetect (`buildpack: default` / `null`, `-b default`). */
  buildpacks?: string[];
  command?: string;
  env?: Record<string, string>;
  memoryMb?: number;
  diskMb?: number;
  instances?: number;
  stack?: string;
  healthCheckType?: HealthCheckType;
  healthCheckHttpEndpoint?: string;
  /** Seconds. */
  timeout?: number;
  /** Service instance names, in manifest order. */
  services?: string[];
  /** `host.domain[:port][/path]`, as written (with a scheme if one was written). */
  routes?: string[];
  noRoute?: boolean;
  randomRoute?: boolean;
}

export interface AppManifest {
  /** Absolute path of the manifest file that was read, symlinks resolved. */
  path: string;
  version?: number;
  applications: ManifestApp[];
  /** Deprecation warnings cf prints before pushing. */
  warnings: string[];
}

/** `cf push` flags that change what is pushed; each one unset means "keep the manifest's value". */
export interface PushFlags {
  appName?: string;
  /** `-p`, relative to the `cwd` given to applyPushFlags. */
  path?: string;
  /** `-b`, repeatable; `['default']` or `['null']` means autodetect. */
  buildpacks?: string[];
  /** `-c`; 'default' or 'null' resets to the buildpack's start command. */
  command?: string;
  /** Not a cf flag: bpkit's own, merged over the manifest's `env:`. */
  env?: Record<string, string>;
  /** `-m`, already converted to megabytes. */
  memoryMb?: number;
  /** `-k`, already converted to megabytes. */
  diskMb?: number;
  /** `-i`. */
  instances?: number;
  /** `-s`. */
  stack?: string;
  /** `-u`. */
  healthCheckType?: HealthCheckType;
  /** `--endpoint`. */
  healthCheckHttpEndpoint?: string;
  /** `-t`, seconds. */
  timeout?: number;
  noRoute?: boolean;
  randomRoute?: boolean;
  /** Changes no app attribute; cf allows it with a multi-app manifest. */
  noStart?: boolean;
}
