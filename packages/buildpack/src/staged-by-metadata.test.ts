import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeStagedByMetadata } from './staged-by-metadata.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bpkit-staged-by-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeStagedByMetadata', () => {
  it('records language and version in <cache>/BUILDPACK_METADATA', async () => {
    await writeStagedByMetadata(dir, { dir: '/bp', language: 'ruby', version: '1.2.3' });
    expect(await readFile(join(dir, 'BUILDPACK_METADATA'), 'utf8')).toBe('language: ruby\nversion: 1.2.3\n');
  });

  it('leaves staging alone when the cache cannot be written', async () => {
    const notADir = join(dir, 'file');
    await writeFile(notADir, '');
    await expect(writeStagedByMetadata(notADir, { dir: '/bp', language: 'ruby', version: '1.2.3' })).resolves.toBeUndefined();
  });
});
