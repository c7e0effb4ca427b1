import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where test toolchains (Go, Ruby, Node tarballs) are built once and kept between runs. The root test script
 * points TMPDIR at a per-run directory it deletes, so it pins this to the machine's temp dir first.
 */
export const E2E_CACHE = process.env['BPKIT_E2E_CACHE'] ?? join(tmpdir(), 'bpkit-e2e-cache');
