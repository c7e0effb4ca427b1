import { toYaml } from './yaml-emit.ts';

/**
 * Where finalize leaves its release YAML, relative to the build dir. The generated bin/release
 * (pure sh) cats it when present, else prints the buildpack's declared default.
 */
export const RELEASE_FILE = '.bpkit/release.yml';

/** The YAML bin/release prints: `default_process_types` in the given order, quoted only where YAML needs it. */
export function releaseYaml(processes: Record<string, string>): string {
  return `---\n${toYaml({ default_process_types: processes })}`;
}
