import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOptionalFile } from './read-optional-file.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bpkit-read-optional-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readOptionalFile', () => {
  it('reads a file as text, and is undefined for one that is missing or not a file', async () => {
    await writeFile(join(dir, '.nvmrc'), '22\n');
    expect(await readOptionalFile(join(dir, '.nvmrc'))).toBe('22\n');
    expect(await readOptionalFile(join(dir, '.node-version'))).toBeUndefined();
    expect(await readOptionalFile(dir)).toBeUndefined();
  });
});
