import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BPKIT = join(REPO_ROOT, 'packages', 'cli', 'dist', 'bpkit.mjs');
export const FIXTURE_BUILDPACKS = join(REPO_ROOT, 'e2e', 'fixtures', 'buildpacks');
