// The tests run the bundled executables, so bundle them first.
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync(process.execPath, ['build.mjs'], { cwd: dirname(fileURLToPath(import.meta.url)), stdio: 'inherit' });
}
