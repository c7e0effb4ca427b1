/** CF's bin/release with OPTIMIZE_MEMORY=true: V8's old space at 75% of the instance's memory limit. */
export const OPTIMIZE_MEMORY_WEB = 'NODE_OPTIONS="--max_old_space_size=$(( $MEMORY_AVAILABLE * 75 / 100 ))" npm start';

const quote = (s: string): string => (/^[\w./@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The web process: CF's `npm start` (sized by OPTIMIZE_MEMORY), run in the project's directory when
 * NODE_PROJECT_PATH names one. The launcher starts processes in the app's root, and a workspace member's
 * `start` script expects its own directory, as `npm start --workspace` would run it.
 */
export function webCommand(projectPath: string, optimizeMemory: boolean): string {
  const start = optimizeMemory ? OPTIMIZE_MEMORY_WEB : 'npm start';
  return projectPath === '.' ? start : `cd ${quote(projectPath)} && ${start}`;
}
