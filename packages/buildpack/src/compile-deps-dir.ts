import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * bin/compile puts deps inside the app (`<build>/.cloudfoundry`), where no platform sets DEPS_DIR at launch.
 * This profile.d script sets it, and sorts before 000_multi-supply.sh, which needs it.
 */
export const COMPILE_DEPS_DIR_SCRIPT = '0000_set-deps-dir.sh';

export async function writeCompileDepsDir(profileDir: string): Promise<void> {
  const file = join(profileDir, COMPILE_DEPS_DIR_SCRIPT);
  await writeFile(file, 'export DEPS_DIR=$HOME/.cloudfoundry\n', { mode: 0o755 });
  await chmod(file, 0o755);
}
