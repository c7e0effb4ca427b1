import { table } from './app-summary.ts';
import type { BuildpackRecord } from './registry.ts';

/** `cf buildpacks` (cf CLI v8, command/v7/buildpacks_command.go): its columns, in its order. */
const HEADER = ['position', 'name', 'stack', 'enabled', 'locked', 'state', 'filename', 'lifecycle'];

/**
 * The table `cf buildpacks` prints for these buildpacks (in the order given, which is the registry's position
 * order). A buildpack registered for any stack has a nil stack in CC, shown as an empty cell; bpkit's workspace
 * builds have no uploaded file: once built, their filename says where their bits come from.
 */
export function buildpacksTable(buildpacks: ReadonlyArray<BuildpackRecord & { state: string }>): string {
  if (buildpacks.length === 0) return 'No buildpacks found\n';
  const rows = buildpacks.map((b) => [
    String(b.position),
    b.name,
    b.stack ?? '',
    String(b.enabled),
    String(b.locked),
    b.state,
    b.filename ?? (b.system && b.state === 'READY' ? '(workspace build)' : ''),
    'buildpack',
  ]);
  return `${table([HEADER, ...rows]).join('\n')}\n`;
}
