// Start commands as BAL collects them (buildpackrunner/resources/launch.go): an ordered process list
// where a later entry of the same type replaces in place and a new type appends; entries with
// `platforms.cloudfoundry.sidecar_for` become sidecars.

export interface Process {
  type: string;
  command: string;
  /** platforms.cloudfoundry.sidecar_for */
  sidecarFor: string[];
  /** limits.memory (MB) */
  memory: number;
}

export interface StagedProcess {
  type: string;
  command: string;
}

export interface Sidecar {
  name: string;
  process_types: string[];
  command: string;
  memory?: number;
}

export interface ProcessResult {
  processTypes: Record<string, string>;
  processes: StagedProcess[];
  sidecars: Sidecar[];
}

export function processesFromMap(entries: ReadonlyArray<readonly [string, string]>): Process[] {
  return entries.map(([type, command]) => ({ type, command, sidecarFor: [], memory: 0 }));
}

/** MergeProcesses: only entries already in `base` are candidates for replacement. */
export function mergeProcesses(base: readonly Process[], additions: readonly Process[]): Process[] {
  const result = [...base];
  for (const add of additions) {
    let replaced = false;
    for (let i = 0; i < base.length; i += 1) {
      if (result[i]?.type === add.type) {
        result[i] = add;
        replaced = true;
      }
    }
    if (!replaced) result.push(add);
  }
  return result;
}

/** ConvertToResult. */
export function convertToResult(processes: readonly Process[]): ProcessResult {
  const processTypes: Record<string, string> = Object.create(null) as Record<string, string>;
  const list: StagedProcess[] = [];
  const sidecars: Sidecar[] = [];
  for (const p of processes) {
    if (p.sidecarFor.length === 0) {
      list.push({ type: p.type, command: p.command });
      processTypes[p.type] = p.command;
    } else {
      sidecars.push({ name: p.type, process_types: p.sidecarFor, command: p.command, ...(p.memory ? { memory: p.memory } : {}) });
    }
  }
  return { processTypes, processes: list, sidecars };
}
