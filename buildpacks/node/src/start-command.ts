/** CF's bin/release with OPTIMIZE_MEMORY=true: V8's old space at 75% of the instance's memory limit. */
export const OPTIMIZE_MEMORY_WEB = 'NODE_OPTIONS="--max_old_space_size=$(( $MEMORY_AVAILABLE * 75 / 100 ))" npm start';

const quote = (s: string): string => (/^[\w./@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export interface WebOptions {
  /** OPTIMIZE_MEMORY=true at staging. */
  optimizeMemory: boolean;
  /** Yarn Plug'n'Play's `.pnp.cjs`, relative to the app's root, when the install wrote one. */
  pnpFile?: string | undefined;
}

/**
 * The web process: CF's `npm start` (sized by OPTIMIZE_MEMORY), run in the project's directory when
 * NODE_PROJECT_PATH names one: the launcher starts processes in the app's root, and a workspace member's `start`
 * script expects its own directory, as `npm start --workspace` would run it. A Plug'n'Play install has no
 * node_modules for Node to search: `npm start` alone could not load a dependency, so Node is told to require
 * Yarn's resolver first ($HOME is the app's root at launch), keeping the user's own NODE_OPTIONS after it.
 */
export function webCommand(projectPath: string, options: WebOptions): string {
  let start = options.optimizeMemory ? OPTIMIZE_MEMORY_WEB : 'npm start';
  if (options.pnpFile) {
    const memory = options.optimizeMemory ? ' --max_old_space_size=$(( $MEMORY_AVAILABLE * 75 / 100 ))' : '';
    start = `NODE_OPTIONS="--require $HOME/${options.pnpFile}${memory} \${NODE_OPTIONS:-}" npm start`;
  }
  return projectPath === '.' ? start : `cd ${quote(projectPath)} && ${start}`;
}
