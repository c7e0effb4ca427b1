// The tests run the bundled executables, so bundle them first (the package's own build script).
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync('pnpm', ['run', '--silent', 'build'], { cwd: dirname(fileURLToPath(import.meta.url)), stdio: 'inherit' });
}
