import { signalScriptGroups } from './script-groups.ts';

const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;
type Interrupt = keyof typeof SIGNAL_NUMBERS;

/**
 * Runs staging so that SIGINT and SIGTERM stop it as a whole. Buildpack scripts run in process groups of
 * their own (script-groups.ts), so the signal is passed on to them; the staging then fails and
 * cleans up as any failed staging does, and `interrupted` is the command's exit code, 128+n. Between scripts
 * there is nothing to pass it to and the process ends at once; a watchdog can remove what it leaves (the local platform has one).
 */
export async function interruptible<T>(work: () => Promise<T>): Promise<{ value: T; interrupted?: number }> {
  let interrupted: number | undefined;
  const handlers = (Object.keys(SIGNAL_NUMBERS) as Interrupt[]).map((signal) => {
    const handler = (): void => {
      const code = 128 + SIGNAL_NUMBERS[signal];
      if (interrupted !== undefined || signalScriptGroups(signal) === 0) process.exit(code);
      interrupted = code;
    };
    process.on(signal, handler);
    return () => void process.off(signal, handler);
  });
  try {
    const value = await work();
    return interrupted === undefined ? { value } : { value, interrupted };
  } finally {
    for (const off of handlers) off();
  }
}
