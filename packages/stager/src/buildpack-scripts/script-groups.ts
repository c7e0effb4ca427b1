// Each buildpack script runs as the leader of a process group of its own, so a whole tree (a supply's
// `go build`, a finalize's `bundle install`) can be stopped at once: by the stager's caller when it is
// interrupted, or by a watchdog when the stager itself is killed and can no longer do it.
export type GroupEvent = { kind: 'start' | 'exit'; pgid: number };

const live = new Set<number>();
const listeners = new Set<(event: GroupEvent) => void>();

function emit(event: GroupEvent): void {
  for (const listener of listeners) listener(event);
}

export function groupStarted(pgid: number): void {
  live.add(pgid);
  emit({ kind: 'start', pgid });
}

export function groupExited(pgid: number): void {
  live.delete(pgid);
  emit({ kind: 'exit', pgid });
}

/** Sends `signal` to every running script's whole process group; returns how many it reached. */
export function signalScriptGroups(signal: NodeJS.Signals): number {
  let reached = 0;
  for (const pgid of live) {
    try {
      process.kill(-pgid, signal);
      reached += 1;
    } catch {
      // Already gone.
    }
  }
  return reached;
}

/** Hears of groups as they start and end, starting with those already running; returns the unsubscribe. */
export function watchScriptGroups(listener: (event: GroupEvent) => void): () => void {
  for (const pgid of live) listener({ kind: 'start', pgid });
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
